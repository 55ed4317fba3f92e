package io.quanyun.supervision;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.quanyun.identity.AuthorityLevel;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.identity.UserView;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.Zones;

/**
 * The supervision story of {@code ./quanyun dev}, after every other demo component: emergency plans, a finished
 * evaluation in which {@code operator2}'s company failed and is under an issued rectification order (its data
 * access suspended by access), alerts of several rules raised from real sandbox activity of the demo user
 * {@code operator} (run over the platform's own HTTP API, as a client would: a differencing pattern and a burst of
 * repeated questions, which spend at most one epsilon), one incident raised from an alert with a notification of
 * the cyberspace department, and {@code operator}'s security report for the last quarter (so that
 * {@code operator2}'s is flagged overdue). Loaded once, when no evaluation exists; switched off with
 * {@code quanyun.demo.supervision-story=false} (the test suite does, so that no test finds operator2 suspended).
 */
@Component
@Order(60)
@ConditionalOnProperty(name = "quanyun.demo.enabled", havingValue = "true")
class DemoSupervisionStory implements ApplicationRunner {

    static final String OPERATOR = "泉城数据科技有限公司";
    static final String OPERATOR2 = "齐鲁征信服务有限公司";
    private static final Logger log = LoggerFactory.getLogger(DemoSupervisionStory.class);
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern WORKSPACE = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"\\s*,\\s*\"grantId\"");

    private final SupervisionManagement supervision;
    private final IncidentManagement incidents;
    private final SecurityReporting reporting;
    private final IdentityManagement identity;
    private final ApplicationContext context;
    private final Clock clock;
    private final String password;
    private final boolean enabled;

    DemoSupervisionStory(SupervisionManagement supervision, IncidentManagement incidents,
            SecurityReporting reporting, IdentityManagement identity, ApplicationContext context, Clock clock,
            @Value("${quanyun.demo.password:Quanyun@2026}") String password,
            @Value("${quanyun.demo.supervision-story:true}") boolean enabled) {
        this.enabled = enabled;
        this.supervision = supervision;
        this.incidents = incidents;
        this.reporting = reporting;
        this.identity = identity;
        this.context = context;
        this.clock = clock;
        this.password = password;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!enabled || !Actors.runAs(Actor.system(), supervision::evaluations).isEmpty()) {
            return;
        }
        Optional<OrganizationView> operator = operator(OPERATOR);
        Optional<OrganizationView> operator2 = operator(OPERATOR2);
        Optional<OrganizationView> bureau = identity.organizationsOfType(OrganizationType.AUTHORITY).stream()
                .filter(o -> o.authorityLevel() == AuthorityLevel.CITY).findFirst();
        if (operator.isEmpty() || operator2.isEmpty() || bureau.isEmpty()) {
            log.info("Demo supervision story skipped: the demo organizations are missing");
            return;
        }
        try {
            Actor authority = actorOf(bureau.get(), "bureau");
            Actor operatorAdmin = actorOf(operator.get(), "operator");
            Actor operator2Admin = actorOf(operator2.get(), "operator2");
            plans(authority, operatorAdmin, operator.get(), bureau.get());
            UUID order = evaluation(authority, operator2Admin, operator.get(), operator2.get());
            int queries = sandboxActivity();
            List<AlertView> raised = Actors.runAs(Actor.system(), supervision::evaluateMonitoring);
            incident(authority, operatorAdmin, operator.get(), raised);
            Actors.runAs(operatorAdmin, () -> reporting.file(new FileSecurityReport(null, reportSections())));
            log.info("Demo supervision story loaded: rectification order {} on {}, {} sandbox queries, {} alert(s)",
                    order, OPERATOR2, queries, raised.size());
        } catch (RuntimeException e) {
            log.warn("Demo supervision story not fully loaded: {}", e.getMessage());
        }
    }

    private void plans(Actor authority, Actor operatorAdmin, OrganizationView operator, OrganizationView bureau) {
        LocalDate today = LocalDate.now(clock.withZone(Zones.SHANGHAI));
        Actors.runAs(operatorAdmin, () -> incidents.recordPlan(new RecordEmergencyPlan(operator.id(),
                "数据安全事件应急预案（2025版）", "一、组织体系\n二、事件分级\n三、处置流程\n四、报告与通报", today.minusYears(1))));
        Actors.runAs(operatorAdmin, () -> incidents.recordPlan(new RecordEmergencyPlan(operator.id(),
                "数据安全事件应急预案（2026版）",
                "一、组织体系：应急领导小组由第一责任人任组长。\n二、事件分级：特别重大、重大、较大、一般。\n"
                        + "三、处置流程：发现、研判、控制（暂停授权、吊销密钥、下架产品）、恢复。\n"
                        + "四、报告与通报：1小时内报告授权单位，按规定通报网信、公安、国家安全、保密部门。",
                today.minusMonths(2))));
        Actors.runAs(authority, () -> incidents.recordPlan(new RecordEmergencyPlan(bureau.id(),
                "公共数据授权运营安全事件应急预案", "授权运营平台安全事件的监测预警、分级响应、通报与处置。", today.minusMonths(6))));
    }

    private UUID evaluation(Actor authority, Actor operator2Admin, OrganizationView operator,
            OrganizationView operator2) {
        Map<Criterion, Integer> weights = new EnumMap<>(Criterion.class);
        weights.put(Criterion.COMPLIANCE, 30);
        weights.put(Criterion.SECURITY, 30);
        weights.put(Criterion.SERVICE_QUALITY, 15);
        weights.put(Criterion.PRODUCTS_DELIVERED, 15);
        weights.put(Criterion.PUBLIC_VALUE, 10);
        EvaluationView campaign = Actors.runAs(authority, () -> supervision.openEvaluation(
                new OpenEvaluation("2026年度授权运营评估", "2026", 60, weights)));
        Actor expert = identity.organizationsOfType(OrganizationType.EXPERT_INSTITUTION).stream()
                .flatMap(o -> Actors.runAs(Actor.system(), () -> identity.users(o.id())).stream()
                        .filter(u -> u.username().equals("expert1")).map(u -> actor(o, u)))
                .findFirst().orElseThrow(() -> new IllegalStateException("no expert1"));
        for (Criterion criterion : Criterion.values()) {
            Actors.runAs(expert, () -> supervision.scoreOperator(campaign.id(),
                    new ScoreOperator(operator.id(), criterion, 86, "平台记录：合规运营，按期报送")));
            Actors.runAs(expert, () -> supervision.scoreOperator(campaign.id(),
                    new ScoreOperator(operator2.id(), criterion, 45, "平台记录：安全制度缺失，未按期报送安全报告")));
        }
        Actors.runAs(authority, () -> supervision.closeEvaluation(campaign.id()));
        Actors.runAs(operator2Admin, () -> supervision.respondToEvaluation(campaign.id(),
                "我司接受评估结果，将按整改通知完善数据安全管理制度。"));
        RectificationView proposal = Actors.runAs(authority, supervision::rectifications).stream()
                .filter(o -> campaign.id().equals(o.campaignId()) && o.state() == RectificationState.PROPOSED)
                .findFirst().orElseThrow(() -> new IllegalStateException("no proposed order"));
        Instant deadline = clock.instant().plus(Duration.ofDays(30));
        return Actors.runAs(authority, () -> supervision.issueProposedRectification(proposal.id(),
                new IssueRectification(null, null, "一、建立数据安全管理制度并落实第一责任人；二、技术人员完成岗前安全培训；"
                        + "三、补报2026年第三季度安全报告。", deadline))).id();
    }

    /**
     * Real sandbox activity of the demo user {@code operator} over the platform's HTTP API: one population total,
     * three differencing attempts against it (refused by the sandbox), then the same total asked again thirty
     * times (answered from the record, spending nothing). Nothing happens when no web server runs (tests).
     */
    private int sandboxActivity() {
        if (!(context instanceof WebServerApplicationContext web) || web.getWebServer() == null
                || web.getWebServer().getPort() <= 0) {
            return 0;
        }
        String base = "http://127.0.0.1:" + web.getWebServer().getPort();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String token = match(TOKEN, send(http, base + "/api/v1/auth/token", null,
                "{\"username\":\"operator\",\"password\":\"" + password.replace("\"", "\\\"") + "\"}"));
        String workspace = token == null ? null : match(WORKSPACE, send(http, base + "/api/v1/sandbox/workspaces",
                token, null));
        if (workspace == null) {
            log.info("Demo supervision story: no workspace of {} to act in", OPERATOR);
            return 0;
        }
        String whole = "SELECT COUNT(*) AS n FROM person p JOIN income i ON i.id_no = p.id_no";
        List<String> queries = new java.util.ArrayList<>(List.of(whole,
                whole + " WHERE p.id_no <> '370102199001011234'", whole + " WHERE p.id_no <> '370102198505052345'",
                whole + " WHERE p.id_no <> '370103197712123456'"));
        for (int i = 0; i < 30; i++) {
            queries.add(whole);
        }
        for (String sql : queries) {
            send(http, base + "/api/v1/sandbox/queries", token, "{\"workspace\":\"" + workspace + "\",\"sql\":\""
                    + sql + "\"}");
        }
        return queries.size();
    }

    private void incident(Actor authority, Actor operatorAdmin, OrganizationView operator, List<AlertView> raised) {
        Optional<AlertView> differencing = raised.stream()
                .filter(a -> a.rule() == MonitoringRuleCode.DIFFERENCING).findFirst();
        IncidentView incident = Actors.runAs(authority, () -> incidents.report(new ReportIncident(
                differencing.isPresent() ? null : operator.id(), differencing.map(AlertView::id).orElse(null),
                IncidentGrade.GENERAL, "疑似差分查询识别个人收入",
                "监测发现同一账号在短时间内提交仅差一个条件的相似查询，疑似通过差分推断特定个人信息。查询均被沙箱拒绝，未发现数据外泄。",
                clock.instant().minus(Duration.ofMinutes(30)))));
        Actors.runAs(authority, () -> incidents.notify(incident.id(), SupervisingDepartment.CYBERSPACE,
                clock.instant().minus(Duration.ofMinutes(10)), "电话报告市委网信办值班室，并发送书面情况说明"));
        Actors.runAs(operatorAdmin, () -> incidents.note(incident.id(),
                "已约谈相关技术人员，暂停其工作空间成员资格，正在核查查询目的。"));
        if (differencing.isPresent()) {
            Actors.runAs(authority, () -> supervision.acknowledgeAlert(differencing.get().id()));
        }
    }

    private static Map<String, String> reportSections() {
        return Map.of("management", "第一责任人牵头，安全管理制度按季度检查。",
                "technical", "数据仅在平台沙箱内处理，导出经双人审核。",
                "dataUse", "本季度开展区县人口与收入统计，未新增数据产品。",
                "incidents", "本季度未发生安全事件。",
                "training", "技术人员均完成岗前安全培训，均在有效期内。",
                "rectification", "无整改事项。",
                "plans", "下季度开展一次数据泄露应急演练。");
    }

    private @Nullable String send(HttpClient http, String url, @Nullable String token, @Nullable String json) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (json != null) {
                request.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        } catch (java.io.IOException e) {
            log.info("Demo supervision story: {} failed: {}", url, e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static @Nullable String match(Pattern pattern, @Nullable String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    private Optional<OrganizationView> operator(String name) {
        return identity.organizationsOfType(OrganizationType.OPERATOR).stream().filter(o -> o.name().equals(name))
                .findFirst();
    }

    private Actor actorOf(OrganizationView organization, String username) {
        UserView user = Actors.runAs(Actor.system(), () -> identity.users(organization.id())).stream()
                .filter(u -> u.username().equals(username)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no demo user " + username));
        return actor(organization, user);
    }

    private static Actor actor(OrganizationView organization, UserView user) {
        return new Actor(user.id(), user.username(), organization.id(), organization.name(), organization.type(),
                user.roles(), null);
    }
}
