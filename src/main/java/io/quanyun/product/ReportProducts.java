package io.quanyun.product;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.sandbox.ApprovedExport;
import io.quanyun.sandbox.ApprovedExports;
import io.quanyun.sandbox.ResultColumn;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Violations;
import io.quanyun.shared.Zones;

/**
 * Data report products (数据报告, issue 6 part 4): a PDF built from approved sandbox exports of the product's grant,
 * with the operator's summary, listed with its metadata. Each publication is a new revision; the PDF's SM3 is
 * kept with it.
 */
@Service
public class ReportProducts {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(Zones.SHANGHAI);

    private final ProductGuards guards;
    private final ProductRevisions revisions;
    private final ApprovedExports exports;
    private final IdentityManagement identity;
    private final ProductPdf pdf;
    private final AuditTrail audit;
    private final Clock clock;
    private final ProductKeys keys;
    private final RevenueRecorder revenue;

    ReportProducts(ProductGuards guards, ProductRevisions revisions, ApprovedExports exports,
            IdentityManagement identity, ProductPdf pdf, AuditTrail audit, Clock clock, ProductKeys keys,
            RevenueRecorder revenue) {
        this.keys = keys;
        this.revenue = revenue;
        this.guards = guards;
        this.revisions = revisions;
        this.exports = exports;
        this.identity = identity;
        this.pdf = pdf;
        this.audit = audit;
        this.clock = clock;
    }

    /** The operator's administrator builds the report from approved exports and publishes it as a revision. */
    @Transactional
    public RevisionView publish(UUID productId, PublishReport command) {
        Product product = guards.load(productId);
        Actor actor = guards.requireOwnerAdmin("product.report.publish", product);
        guards.requireForm("product.report.publish", product, ProductForm.DATA_REPORT);
        guards.requireNotDelisted("product.report.publish", product);
        List<UUID> ids = command.exportIds() == null ? List.of()
                : List.copyOf(new LinkedHashSet<>(command.exportIds()));
        Violations.create()
                .check(command.title() != null && !command.title().isBlank() && command.title().length() <= 200,
                        "title", "标题必填，最多200字 (title is required, at most 200 characters)")
                .check(command.summary() != null && !command.summary().isBlank()
                        && command.summary().length() <= 4000, "summary",
                        "摘要必填，最多4000字 (summary is required, at most 4000 characters)")
                .check(!ids.isEmpty() && ids.size() <= 10, "exportIds",
                        "须选择1至10个已审核导出 (one to ten approved exports)")
                .throwIfAny();
        List<ApprovedExport> sources = new ArrayList<>();
        for (UUID id : ids) {
            sources.add(exports.approved(id).filter(e -> e.grantId().equals(product.grantId()))
                    .orElseThrow(() -> guards.refuse(ErrorCode.PRODUCT_EXPORT_NOT_USABLE, "product.report.publish",
                            "product", productId, "export " + id + " not approved under the product's grant")));
        }
        String operator = identity.describe(product.operatorId()).map(o -> o.name()).orElse("");
        ProductPdf.Writer writer = pdf.document(command.title().strip())
                .line("数据产品 Data product：" + product.view().name())
                .line("运营单位 Operator：" + operator)
                .line("生成时间 Generated：" + TIME.format(clock.instant()))
                .heading("摘要 Summary").line(command.summary().strip());
        int n = 1;
        for (ApprovedExport source : sources) {
            writer.heading("成果" + n++ + "：" + source.purpose())
                    .line("导出编号 Export " + source.exportId() + "，审核通过 approved " + TIME.format(source.approvedAt())
                            + "，审核人 reviewers " + String.join("、", source.reviewers()))
                    .line("隐私保护 Protection：" + source.privacyMode() + "；CSV SM3 " + source.csvSm3())
                    .table(source.columns().stream().map(ResultColumn::name).toList(), source.rows().stream()
                            .map(r -> r.stream().map(v -> v == null ? "—" : String.valueOf(v)).toList()).toList());
        }
        writer.heading("说明 Note").line("本报告仅包含在平台内经隐私保护处理、并经两名审核人批准导出的统计结果，"
                + "不含任何原始公共数据（《济南市公共数据授权运营办法》第十三条、第十五条）。");
        byte[] document = writer.finish();
        String content = StatisticsProducts.JSON.writeValueAsString(new Content(command.title().strip(),
                command.summary().strip(), sources.stream().map(ApprovedExport::exportId).toList(),
                sources.stream().map(ApprovedExport::csvSm3).toList()));
        RevisionView revision = revisions.add(productId, ProductRevisions.REPORT, ids, command.title().strip(),
                content, document, actor.username(), clock.instant());
        audit.record(AuditEvent.success("product.report.publish", "product", productId)
                .with("revision", revision.revision()).with("exports", ids.size()).with("pdfSm3", revision.pdfSm3()));
        return revision;
    }

    /**
     * The latest report of a listed product, for anyone when it is free; its owner, the authority and auditors
     * get it in any state. A charged report is served through {@link #reportForKey}.
     */
    @Transactional(readOnly = true)
    public ProductFile report(UUID productId) {
        Product product = guards.load(productId);
        guards.requireForm("product.report.read", product, ProductForm.DATA_REPORT);
        Actor actor = Actors.current();
        if (!(ProductGuards.seesAll(actor) || actor.belongsTo(product.operatorId()))) {
            guards.requireServing("product.report.read", product);
            if (product.view().pricingModel().charges()) {
                throw guards.refuse(ErrorCode.API_KEY_INVALID, "product.report.read", "product", productId,
                        "a charged product needs an API key");
            }
        }
        return file(product);
    }

    /**
     * The latest report of a listed product for a holder of one of its API keys; charged one unit (a per-call or
     * per-item product) through {@link RevenueRecorder}.
     */
    @Transactional
    public ProductFile reportForKey(UUID productId, @Nullable String apiKey) {
        Product product = guards.load(productId);
        keys.valid(productId, apiKey).orElseThrow(() -> guards.refuse(ErrorCode.API_KEY_INVALID,
                "product.report.read", "product", productId, "unknown or revoked key"));
        guards.requireForm("product.report.read", product, ProductForm.DATA_REPORT);
        guards.requireServing("product.report.read", product);
        ProductFile file = file(product);
        PricingModel model = product.view().pricingModel();
        if (model == PricingModel.PER_CALL || model == PricingModel.PER_ITEM) {
            revenue.record(productId, 1, "report:" + UUID.randomUUID());
        }
        audit.record(AuditEvent.success("product.report.read", "product", productId).with("sm3", file.sm3()));
        return file;
    }

    private ProductFile file(Product product) {
        RevisionView revision = revisions.latest(product.id()).orElseThrow(() -> new QuanyunException(
                ErrorCode.PRODUCT_NO_REVISION, ErrorCode.PRODUCT_NO_REVISION.titleEn(), List.of(), "product",
                product.id().toString()));
        byte[] bytes = revisions.pdf(product.id(), revision.revision());
        return new ProductFile("report-" + product.id() + "-r" + revision.revision() + ".pdf", "application/pdf",
                bytes == null ? new byte[0] : bytes, revision.pdfSm3() == null ? "" : revision.pdfSm3());
    }

    record Content(String title, String summary, List<UUID> exportIds, List<String> csvSm3) {
    }
}
