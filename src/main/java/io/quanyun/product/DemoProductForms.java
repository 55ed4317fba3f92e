package io.quanyun.product;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.identity.UserView;
import io.quanyun.sandbox.ExportView;
import io.quanyun.sandbox.ModelKind;
import io.quanyun.sandbox.QueryAnswer;
import io.quanyun.sandbox.SandboxManagement;
import io.quanyun.sandbox.TrainModel;
import io.quanyun.sandbox.WorkspaceView;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;

/**
 * Demo ({@code ./quanyun dev}): the demo operator runs a district population query in its workspace and requests its
 * export, which {@code bureau} and {@code district} approve; the export backs a listed, free statistics product
 * and a listed data report, and a linear regression trained on a derived income table backs a listed model
 * product. Runs once (skipped when the statistics product exists); any failure is logged and leaves the rest of
 * the demo as it is. Enabled with {@code quanyun.demo.products=true} (set by the dev profile).
 */
@Component
@Order(55)
@ConditionalOnProperty(name = "quanyun.demo.products", havingValue = "true")
class DemoProductForms implements ApplicationRunner {

    static final String STATISTICS = "济南市各区县人口分布";
    /** The demo model product's name. */
    static final String MODEL = "个人收入趋势模型";

    private static final Logger log = LoggerFactory.getLogger(DemoProductForms.class);

    private final ProductManagement products;
    private final StatisticsProducts statistics;
    private final ReportProducts reports;
    private final ModelProducts models;
    private final SandboxManagement sandbox;
    private final IdentityManagement identity;
    private final io.quanyun.access.GrantDirectory grants;
    private final SubscriptionManagement subscriptions;
    private final String modelKey;

    DemoProductForms(ProductManagement products, StatisticsProducts statistics, ReportProducts reports,
            ModelProducts models, SandboxManagement sandbox, IdentityManagement identity,
            io.quanyun.access.GrantDirectory grants, SubscriptionManagement subscriptions,
            @org.springframework.beans.factory.annotation.Value("${quanyun.demo.api-key:qyc_dev-quanyun-demo-key-2026}")
            String apiKey) {
        this.grants = grants;
        this.subscriptions = subscriptions;
        this.modelKey = apiKey + "-model";
        this.products = products;
        this.statistics = statistics;
        this.reports = reports;
        this.models = models;
        this.sandbox = sandbox;
        this.identity = identity;
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            create();
        } catch (RuntimeException e) {
            log.warn("Demo products not created: {}", e.getMessage());
        }
    }

    private void create() {
        Actor operator = actor(OrganizationType.OPERATOR, "泉城数据科技有限公司", "operator");
        Actor bureau = actor(OrganizationType.AUTHORITY, "济南市大数据局", "bureau");
        Actor district = actor(OrganizationType.AUTHORITY, "济南市历下区大数据局", "district");
        if (operator == null || bureau == null || district == null) {
            return;
        }
        if (as(operator, () -> products.products()).stream().anyMatch(p -> p.name().equals(STATISTICS))) {
            return;
        }
        WorkspaceView workspace = as(operator, () -> sandbox.workspaces()).stream()
                .filter(w -> w.members().contains("operator") && w.tables().stream().anyMatch(t -> t.name().equals("person")))
                .findFirst().orElse(null);
        if (workspace == null) {
            return;
        }
        QueryAnswer answer = as(operator, () -> sandbox.query(workspace.id(),
                "SELECT district, COUNT(*) AS persons FROM person GROUP BY district"));
        ExportView export = as(operator, () -> sandbox.requestExport(answer.id(), "向社会公开各区县人口分布统计"));
        as(bureau, () -> sandbox.reviewExport(export.id(), true, "区县级聚合结果，已核对"));
        as(district, () -> sandbox.reviewExport(export.id(), true, "区县级聚合结果，已核对"));

        ProductView service = as(operator, () -> products.register(new RegisterProduct(workspace.grantId(),
                ProductForm.DATA_SERVICE, STATISTICS, "按区县统计的人口数（门限保护，经两名审核人批准导出），供公众和研究使用。",
                PricingModel.FREE, null, null, null)));
        as(operator, () -> statistics.publish(service.id(), export.id()));
        list(operator, bureau, service.id());

        ProductView report = as(operator, () -> products.register(new RegisterProduct(workspace.grantId(),
                ProductForm.DATA_REPORT, "济南市人口结构简报", "基于已审核导出成果的人口结构简报（PDF）。",
                PricingModel.FREE, null, null, null)));
        as(operator, () -> reports.publish(report.id(), new PublishReport("济南市人口结构简报",
                "本简报根据平台内经隐私保护和双人审核导出的区县人口统计编制。", List.of(export.id()))));
        list(operator, bureau, report.id());

        try {
            as(operator, () -> sandbox.query(workspace.id(),
                    "CREATE TABLE demo_earnings AS SELECT id_no, year, amount FROM income"));
            // the grant is limited to consenting subjects: the model is trained on, and scores, only them, and a
            // call about one of them is covered by the same consent record (the product's purpose is the grant's)
            String purpose = grants.find(workspace.grantId()).map(g -> g.consentPurpose()).orElse(null);
            ProductView model = as(operator, () -> products.register(new RegisterProduct(workspace.grantId(),
                    ProductForm.DATA_MODEL, MODEL, "在沙箱内以差分隐私训练的线性回归模型，按个人给出收入预测分（仅同意授权的个人）。",
                    PricingModel.FREE, null, purpose, null)));
            as(operator, () -> models.train(model.id(), new TrainProductModel(ModelKind.LINEAR_REGRESSION,
                    "demo_earnings", List.of(new TrainModel.Feature("year", 2020, 2026)), "amount", 0.0, 300000.0,
                    1.0)));
            list(operator, bureau, model.id());
            Actor bank = actor(OrganizationType.CONSUMER, DemoProducts.CONSUMER, "bank");
            if (bank != null) {
                UUID subscription = as(bank, () -> subscriptions.subscribe(new SubscribeToProduct(model.id(),
                        SubscriptionManagement.DEFAULT_QUOTA, SubscriptionManagement.DEFAULT_RATE))).id();
                as(Actor.system(), () -> {
                    subscriptions.installKey(subscription, modelKey);
                    return null;
                });
                log.info("Demo model product '{}' ({}) is trained and listed; bank calls it with the key {}", MODEL,
                        model.id(), modelKey);
            }
        } catch (io.quanyun.shared.QuanyunException e) {
            log.warn("Demo model product not trained: {} {}", e.code().code(), e.violations());
        }
        log.info("Demo products: statistics product {} listed (GET /api/v1/public/products/{}/data)", service.id(),
                service.id());
    }

    private void list(Actor operator, Actor bureau, UUID productId) {
        as(operator, () -> products.submit(productId));
        as(bureau, () -> products.review(productId, new ReviewProduct(true, RiskLevel.LOW, "仅含聚合结果，合规", null)));
    }

    private static <T> T as(Actor actor, Supplier<T> action) {
        return Actors.runAs(actor, action);
    }

    private @org.jspecify.annotations.Nullable Actor actor(OrganizationType type, String organization, String username) {
        OrganizationView org = identity.organizationsOfType(type).stream().filter(o -> o.name().equals(organization))
                .findFirst().orElse(null);
        if (org == null) {
            return null;
        }
        UserView user = Actors.runAs(Actor.system(), () -> identity.users(org.id())).stream()
                .filter(u -> u.username().equals(username)).findFirst().orElse(null);
        return user == null ? null : new Actor(user.id(), user.username(), org.id(), org.name(), type,
                Set.copyOf(user.roles()), null);
    }
}
