package io.quanyun.product;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.quanyun.access.GrantDescriptor;
import io.quanyun.access.GrantDirectory;
import io.quanyun.access.GrantedDataset;
import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.audit.Sm3;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Role;
import io.quanyun.shared.Zones;

/**
 * The annual operating report of each operator and the yearly public disclosure (authorizations, products, fees),
 * both due by the end of March of the following year, as data, pages and PDF; publishing freezes one with its
 * SM3 and records whether it was on time.
 */
@Service
public class OperatingReports {

    private final Products products;
    private final ProductGuards guards;
    private final ProductPricing pricing;
    private final GrantDirectory grants;
    private final IdentityManagement identity;
    private final ProductPdf pdf;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    OperatingReports(Products products, ProductGuards guards, ProductPricing pricing, GrantDirectory grants,
            IdentityManagement identity, ProductPdf pdf, JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.products = products;
        this.guards = guards;
        this.pricing = pricing;
        this.grants = grants;
        this.identity = identity;
        this.pdf = pdf;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** The last day a report of this year is on time: 31 March of the following year. */
    public static LocalDate dueBy(int year) {
        return LocalDate.of(year + 1, 3, 31);
    }

    /** The operator's annual report: its own members, the authority and auditors. */
    @Transactional(readOnly = true)
    public AnnualOperatingReport annualReport(UUID operatorId, int year) {
        Actor actor = Actors.current();
        if (!ProductGuards.seesAll(actor) && !actor.belongsTo(operatorId)) {
            throw guards.refuse(ErrorCode.FORBIDDEN, "product.report.annual", "organization", operatorId, "not own");
        }
        return build(operatorId, year);
    }

    /** The annual report as PDF. */
    @Transactional(readOnly = true)
    public ProductFile annualReportPdf(UUID operatorId, int year) {
        AnnualOperatingReport report = annualReport(operatorId, year);
        ProductPdf.Writer writer = pdf.document(year + "年度公共数据授权运营报告 Annual operating report")
                .line("运营单位 Operator：" + report.operatorName() + "（统一社会信用代码 " + report.creditCode() + "）")
                .line("报送期限 Due by：" + report.dueBy() + "；生成时间 Generated：" + ReportProducts.TIME.format(report.generatedAt()))
                .heading("一、授权情况 Authorizations")
                .table(List.of("场景 Scenario", "数据集 Datasets", "到期 Expires", "状态 State"),
                        report.authorizations().stream().map(a -> List.of(a.scenario(), String.join("、", a.datasets()),
                                ReportProducts.TIME.format(a.expiresAt()), a.state())).toList())
                .heading("二、数据产品 Products")
                .table(List.of("产品 Product", "形态 Form", "状态 State", "计价 Model", "服务费 Fee", "限价 Cap", "用量 Units", "收入 Revenue"),
                        report.products().stream().map(p -> List.of(p.name(), ProductListing.formZh(p.form()),
                                p.state().name(), p.pricingModel().name(), plain(p.fee()), plain(p.capPrice()),
                                String.valueOf(p.units()), plain(p.revenue()))).toList())
                .heading("三、收费情况 Fees")
                .line("本年度收入 Revenue：" + plain(report.revenue().revenue()) + " 元；核定上限 Permitted maximum："
                        + plain(report.revenue().maximum()) + " 元")
                .line("公共治理、公益事业使用的产品无偿提供；其他产品的服务费不高于授权方核定的最高限价。");
        byte[] bytes = writer.finish();
        return new ProductFile("annual-report-" + year + "-" + operatorId + ".pdf", "application/pdf", bytes,
                Sm3.hex(bytes));
    }

    /** The operator's administrator publishes its annual report; it is frozen with its SM3. */
    @Transactional
    public PublishedDisclosure publishAnnualReport(UUID operatorId, int year) {
        Actor actor = Actors.current();
        if (!(actor.has(Role.OPERATOR_ADMIN) && actor.isOf(OrganizationType.OPERATOR) && actor.belongsTo(operatorId))) {
            throw guards.refuse(ErrorCode.FORBIDDEN, "product.report.annual.publish", "organization", operatorId,
                    "not an administrator of the operator");
        }
        return publish(year, operatorId, StatisticsProducts.JSON.writeValueAsString(build(operatorId, year)),
                actor.username());
    }

    /** The yearly public disclosure; public. */
    @Transactional(readOnly = true)
    public PublicDisclosure disclosure(int year) {
        List<PublicDisclosure.OperatorLine> operators = new ArrayList<>();
        List<PublicDisclosure.DisclosedProduct> disclosed = new ArrayList<>();
        for (OrganizationView operator : identity.organizationsOfType(OrganizationType.OPERATOR)) {
            List<Product> own = products.findByOperatorIdOrderByCreatedAtDesc(operator.id()).stream()
                    .filter(p -> p.state() != ProductState.DRAFT && p.state() != ProductState.UNDER_REVIEW).toList();
            int authorizations = grantsOf(operator.id(), own).size();
            if (own.isEmpty() && authorizations == 0) {
                continue;
            }
            RevenueStatus revenue = pricing.status(operator.id(), year);
            operators.add(new PublicDisclosure.OperatorLine(operator.name(), authorizations,
                    (int) own.stream().filter(p -> p.state() == ProductState.LISTED).count(), revenue.revenue(),
                    revenue.maximum()));
            for (Product product : own) {
                ProductView view = product.view();
                disclosed.add(new PublicDisclosure.DisclosedProduct(operator.name(), view.name(), view.form(),
                        view.state(), view.pricingModel(), view.fee(), view.capPrice()));
            }
        }
        return new PublicDisclosure(year, dueBy(year), operators, disclosed, clock.instant());
    }

    /** The yearly public disclosure as PDF; public. */
    @Transactional(readOnly = true)
    public ProductFile disclosurePdf(int year) {
        PublicDisclosure disclosure = disclosure(year);
        byte[] bytes = pdf.document(year + "年度公共数据授权运营信息公开 Yearly public disclosure")
                .line("公开期限 Due by：" + disclosure.dueBy() + "；生成时间 Generated："
                        + ReportProducts.TIME.format(disclosure.generatedAt()))
                .heading("一、运营单位与授权 Operators and authorizations")
                .table(List.of("运营单位 Operator", "授权数 Authorizations", "上架产品 Listed", "收入 Revenue", "上限 Maximum"),
                        disclosure.operators().stream().map(o -> List.of(o.operatorName(),
                                String.valueOf(o.authorizations()), String.valueOf(o.listedProducts()),
                                plain(o.revenue()), plain(o.maximum()))).toList())
                .heading("二、数据产品与收费 Products and fees")
                .table(List.of("运营单位 Operator", "产品 Product", "形态 Form", "状态 State", "计价 Model", "服务费 Fee", "限价 Cap"),
                        disclosure.products().stream().map(p -> List.of(p.operatorName(), p.name(),
                                ProductListing.formZh(p.form()), p.state().name(), p.pricingModel().name(),
                                plain(p.fee()), plain(p.capPrice()))).toList())
                .finish();
        return new ProductFile("disclosure-" + year + ".pdf", "application/pdf", bytes, Sm3.hex(bytes));
    }

    /** The authority publishes the yearly disclosure; it is frozen with its SM3. */
    @Transactional
    public PublishedDisclosure publishDisclosure(int year) {
        Actor actor = guards.requireAuthority("product.disclosure.publish", "disclosure", year);
        return publish(year, null, StatisticsProducts.JSON.writeValueAsString(disclosure(year)), actor.username());
    }

    /** Every published report and disclosure, newest first; public. */
    @Transactional(readOnly = true)
    public List<PublishedDisclosure> published() {
        return jdbc.sql("select id, report_year, operator_id, content_sm3, published_by, published_at, on_time "
                + "from product_disclosure order by published_at desc").query((rs, n) -> new PublishedDisclosure(
                        rs.getObject(1, UUID.class), rs.getInt(2), rs.getObject(3, UUID.class), rs.getString(4),
                        rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getBoolean(7))).list();
    }

    private PublishedDisclosure publish(int year, @Nullable UUID operatorId, String json, String by) {
        if (year < 2023 || year > LocalDate.ofInstant(clock.instant(), Zones.SHANGHAI).getYear()) {
            throw QuanyunException.invalid(List.of(new io.quanyun.shared.Violation("year", "年度无效 (invalid year)")));
        }
        Instant now = clock.instant();
        boolean onTime = !LocalDate.ofInstant(now, Zones.SHANGHAI).isAfter(dueBy(year));
        UUID id = UUID.randomUUID();
        String sm3 = Sm3.hex(json.getBytes(StandardCharsets.UTF_8));
        jdbc.sql("""
                insert into product_disclosure (id, report_year, operator_id, content_json, content_sm3, published_by,
                    published_at, on_time) values (:id, :year, :op, :json, :sm3, :by, :at, :onTime)
                """).param("id", id).param("year", year).param("op", operatorId).param("json", json).param("sm3", sm3)
                .param("by", by).param("at", OffsetDateTime.ofInstant(now, Zones.SHANGHAI)).param("onTime", onTime)
                .update();
        audit.record(AuditEvent.success(operatorId == null ? "product.disclosure.publish"
                : "product.report.annual.publish", "disclosure", id).with("year", year).with("sm3", sm3)
                .with("onTime", onTime));
        return new PublishedDisclosure(id, year, operatorId, sm3, by, now, onTime);
    }

    private AnnualOperatingReport build(UUID operatorId, int year) {
        OrganizationView operator = identity.describe(operatorId)
                .orElseThrow(() -> QuanyunException.notFound("organization", operatorId));
        List<Product> own = products.findByOperatorIdOrderByCreatedAtDesc(operatorId);
        Map<UUID, Object[]> revenue = new HashMap<>();
        pricing.revenueByProduct(operatorId, year).forEach(row -> revenue.put((UUID) row[0], row));
        List<GrantDescriptor> held = grantsOf(operatorId, own);
        Map<UUID, String> authorizers = new HashMap<>();
        held.forEach(g -> authorizers.put(g.id(), identity.describe(g.authorizerId()).map(OrganizationView::name)
                .orElse(null)));
        String responsible = operator.legalRepresentative();
        List<AnnualOperatingReport.ProductLine> lines = own.stream()
                .filter(p -> p.state() != ProductState.DRAFT || revenue.containsKey(p.id())).map(p -> {
                    ProductView view = p.view();
                    Object[] row = revenue.get(p.id());
                    return new AnnualOperatingReport.ProductLine(view.id(), view.name(), view.form(), view.state(),
                            view.pricingModel(), view.fee(), view.capPrice(), row == null ? 0 : (Long) row[1],
                            row == null ? BigDecimal.ZERO : ((BigDecimal) row[2]).setScale(2, java.math.RoundingMode.HALF_UP),
                            authorizers.get(view.grantId()), responsible);
                }).toList();
        List<AnnualOperatingReport.AuthorizationLine> authorizations = held.stream()
                .map(g -> new AnnualOperatingReport.AuthorizationLine(g.id(), g.scenario(),
                        g.datasets().stream().map(GrantedDataset::code).toList(), g.expiresAt(), g.state().name(),
                        authorizers.get(g.id()), responsible))
                .toList();
        return new AnnualOperatingReport(year, operatorId, operator.name(), operator.creditCode(), dueBy(year),
                authorizations, lines, pricing.status(operatorId, year), clock.instant());
    }

    private List<GrantDescriptor> grantsOf(UUID operatorId, List<Product> own) {
        Map<UUID, GrantDescriptor> found = new LinkedHashMap<>();
        grants.activeFor(operatorId).forEach(g -> found.put(g.id(), g));
        for (Product product : own) {
            if (!found.containsKey(product.grantId())) {
                grants.find(product.grantId()).ifPresent(g -> found.put(g.id(), g));
            }
        }
        return List.copyOf(found.values());
    }

    static String plain(@Nullable BigDecimal amount) {
        return amount == null ? "—" : amount.stripTrailingZeros().toPlainString();
    }
}
