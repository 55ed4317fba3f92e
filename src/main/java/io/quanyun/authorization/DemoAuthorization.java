package io.quanyun.authorization;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.quanyun.audit.AuditTrail;
import io.quanyun.catalog.DatasetDescriptor;
import io.quanyun.catalog.DatasetDirectory;
import io.quanyun.catalog.Domain;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.identity.UserView;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.Zones;

/**
 * Demo data for {@code ./quanyun dev}, loaded when no call exists: one finished call (replayed through the real
 * commands on a clock set in the past) with an active agreement for {@code operator} and one for
 * {@code operator2} (whose access the supervision story suspends), and one open domain-specific call that
 * {@code operator2} can apply to.
 */
@Component
@Order(20)
@ConditionalOnProperty(name = "quanyun.demo.enabled", havingValue = "true")
class DemoAuthorization implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoAuthorization.class);
    static final byte[] DEMO_PDF = "%PDF-1.4\n% Quanyun demo document\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    private final Calls calls;
    private final Applications applications;
    private final Reviews reviews;
    private final Objections objections;
    private final AgreementTemplates templates;
    private final Agreements agreements;
    private final ObjectProvider<DatasetDirectory> datasets;
    private final IdentityManagement identity;
    private final AuditTrail audit;
    private final Refusals refusals;
    private final DocumentStore store;
    private final PdfDocuments pdf;
    private final JdbcClient jdbc;
    private final Clock clock;

    DemoAuthorization(Calls calls, Applications applications, Reviews reviews, Objections objections,
            AgreementTemplates templates, Agreements agreements, ObjectProvider<DatasetDirectory> datasets,
            IdentityManagement identity, AuditTrail audit, Refusals refusals, DocumentStore store, PdfDocuments pdf,
            JdbcClient jdbc, Clock clock) {
        this.calls = calls;
        this.applications = applications;
        this.reviews = reviews;
        this.objections = objections;
        this.templates = templates;
        this.agreements = agreements;
        this.datasets = datasets;
        this.identity = identity;
        this.audit = audit;
        this.refusals = refusals;
        this.store = store;
        this.pdf = pdf;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (calls.count() > 0 || identity.organizationsOfType(OrganizationType.OPERATOR).isEmpty()) {
            return;
        }
        try {
            load();
        } catch (RuntimeException e) {
            log.warn("Authorization demo data not loaded: {}", e.getMessage());
        }
    }

    private void load() {
        Instant now = clock.instant();
        SteppedClock past = new SteppedClock(now.minus(Duration.ofDays(60)), Zones.SHANGHAI);
        AgreementManagement agreementsThen = new AgreementManagement(templates, agreements, calls, pdf, store,
                identity, audit, refusals, jdbc, past);
        AuthorizationManagement then = new AuthorizationManagement(calls, applications, reviews, objections,
                agreementsThen, datasets, identity, audit, refusals, store, past,
                org.springframework.util.unit.DataSize.ofMegabytes(10));
        Actor bureau = actor("bureau");
        Actor operator = actor("operator");
        Actor operator2 = actor("operator2");
        Actor expert1 = actor("expert1");
        Actor expert2 = actor("expert2");
        Actor providerHealth = actor("provider-health");
        List<UUID> finishedScope = datasetIds("person", "income", "clinic_visit", "vehicle", "enterprise");
        List<UUID> openScope = datasetIds("clinic_visit");

        Instant t0 = past.instant();
        Actors.runAs(bureau, () -> agreementsThen.createTemplate(template()));
        CallView finished = Actors.runAs(bureau, () -> then.draftCall(new DraftCall(
                "2026年度公共数据综合授权运营", "面向人口统计、收入、医疗、交通出行与企业信用场景的综合授权（演示）",
                CallMode.COMPREHENSIVE, null, finishedScope, List.of(), requirements(),
                criteria(), t0.minus(Duration.ofHours(1)), t0.plus(Duration.ofDays(10)), 7, 36)));
        Actors.runAs(bureau, () -> then.publishCall(finished.id()));
        past.set(t0.plus(Duration.ofDays(2)));
        ApplicationView application = Actors.runAs(operator, () -> then.apply(new SubmitApplication(finished.id(),
                "企业信用画像与物流车辆合规核验服务", documents())));
        past.set(t0.plus(Duration.ofDays(3)));
        ApplicationView application2 = Actors.runAs(operator2, () -> then.apply(new SubmitApplication(finished.id(),
                "个人与企业征信辅助核验服务", documents())));
        past.set(t0.plus(Duration.ofDays(11)));
        List<ReviewView> panel = Actors.runAs(bureau, () -> then.startReview(finished.id(),
                new StartReview(List.of(expert1.userId(), expert2.userId()))));
        for (ReviewView review : panel) {
            Actor expert = review.expertUserId().equals(expert1.userId()) ? expert1 : expert2;
            Actors.runAs(expert, () -> {
                then.declareConflicts(review.id(), new DeclareConflicts(List.of(), null));
                then.score(review.id(), application.id(), List.of(new ScoreInput("C1", 86, "场景清晰，社会价值明显"),
                        new ScoreInput("C2", 82, "安全制度健全"), new ScoreInput("C3", 88, "经营稳健")));
                then.score(review.id(), application2.id(), List.of(new ScoreInput("C1", 74, "场景可行"),
                        new ScoreInput("C2", 66, "安全制度有待完善"), new ScoreInput("C3", 72, "经营基本稳定")));
                return then.submitReview(review.id());
            });
        }
        past.set(t0.plus(Duration.ofDays(12)));
        Actors.runAs(bureau, () -> then.publishNotice(finished.id(), new ProposeShortlist(List.of(application.id(),
                application2.id()))));
        past.set(t0.plus(Duration.ofDays(20)));
        Actors.runAs(bureau, () -> then.conclude(finished.id()));
        past.set(t0.plus(Duration.ofDays(21)));
        for (Agreement agreement : agreements.findByCallId(finished.id())) {
            Actor signer = agreement.operatorId().equals(operator2.organizationId()) ? operator2 : operator;
            Actors.runAs(signer, () -> agreementsThen.sign(agreement.id()));
            Actors.runAs(bureau, () -> agreementsThen.sign(agreement.id()));
        }

        // the open call: domain-specific, drafted by the health commission, published by the authority
        AuthorizationManagement live = new AuthorizationManagement(calls, applications, reviews, objections,
                agreementsThen, datasets, identity, audit, refusals, store, clock,
                org.springframework.util.unit.DataSize.ofMegabytes(10));
        CallView open = Actors.runAs(providerHealth, () -> live.draftCall(new DraftCall(
                "门诊就诊数据分领域授权运营（医疗健康）", "由市卫生健康委员会授权，面向商业健康保险理赔与医疗资源规划场景（演示）",
                CallMode.DOMAIN_SPECIFIC, null, openScope, List.of(Domain.HEALTH), requirements(), criteria(),
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)), 7, 24)));
        Actors.runAs(bureau, () -> live.publishCall(open.id()));
        log.info("Authorization demo data loaded: a finished call with active agreements for two operators, an open call");
    }

    private List<UUID> datasetIds(String... codes) {
        DatasetDirectory directory = datasets.getIfAvailable();
        if (directory == null) {
            return List.of();
        }
        return java.util.Arrays.stream(codes).map(directory::findByCode).flatMap(java.util.Optional::stream)
                .filter(d -> d.state() == io.quanyun.catalog.DatasetState.PUBLISHED)
                .filter(d -> !d.containsCoreData()).map(DatasetDescriptor::id).toList();
    }

    static List<RequiredDocument> requirements() {
        return List.of(new RequiredDocument("business_licence", "营业执照（PDF）", true),
                new RequiredDocument("security_plan", "数据安全保障方案（PDF）", true),
                new RequiredDocument("references", "相关业绩证明", false));
    }

    static List<CriterionInput> criteria() {
        return List.of(new CriterionInput("运营方案与应用场景", 40), new CriterionInput("技术与安全能力", 35),
                new CriterionInput("经营与合规状况", 25));
    }

    private static List<UploadedDocument> documents() {
        return List.of(new UploadedDocument("business_licence", "营业执照.pdf", "application/pdf", DEMO_PDF),
                new UploadedDocument("security_plan", "数据安全保障方案.pdf", "application/pdf", DEMO_PDF));
    }

    static CreateTemplate template() {
        Map<ClauseKind, String> clauses = new EnumMap<>(ClauseKind.class);
        clauses.put(ClauseKind.PARTIES, "甲方（授权方）：{authorizer}；乙方（运营单位）：{operator}，法定代表人：{legalRepresentative}。");
        clauses.put(ClauseKind.SCOPE, "甲方依《{call}》以{mode}方式，授权乙方在济南市公共数据授权运营平台内运营以下公共数据：{scope}。");
        clauses.put(ClauseKind.TERM, "授权期限为{term}，自双方完成签署之日起算，最长不超过五年。");
        clauses.put(ClauseKind.RIGHTS_AND_OBLIGATIONS, "乙方有权在平台内对授权数据进行加工处理并提供数据产品和服务；乙方应当按一事一申请提出数据使用申请，原始数据不出平台；甲方负责监督管理。");
        clauses.put(ClauseKind.SECURITY_REQUIREMENTS, "乙方应当落实数据安全主体责任，建立安全管理制度，开展岗前安全培训，定期报送安全报告，接受安全检查与审计。");
        clauses.put(ClauseKind.EXIT_CONDITIONS, "乙方评估不合格且逾期未完成整改、发生重大数据安全事件或严重违反本协议的，甲方可提前终止授权。");
        clauses.put(ClauseKind.LIABILITY_FOR_BREACH, "任何一方违反本协议的，应当承担违约责任；造成损失的，依法承担民事、行政或刑事责任。");
        clauses.put(ClauseKind.DISPOSAL_OF_ASSETS, "授权期满或终止后，乙方在平台内形成的数据、模型及中间结果由平台封存或销毁，工作日志依法留存备查。");
        return new CreateTemplate("济南市公共数据授权运营协议（示范文本）", clauses);
    }

    private Actor actor(String username) {
        for (OrganizationType type : OrganizationType.values()) {
            for (OrganizationView organization : identity.organizationsOfType(type)) {
                List<UserView> users = Actors.runAs(Actor.system(), () -> identity.users(organization.id()));
                for (UserView user : users) {
                    if (user.username().equals(username)) {
                        return new Actor(user.id(), user.username(), organization.id(), organization.name(),
                                organization.type(), user.roles(), null);
                    }
                }
            }
        }
        throw new IllegalStateException("demo user " + username + " is missing");
    }
}
