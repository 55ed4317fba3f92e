package io.quanyun.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.audit.Outcome;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.identity.UserView;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.Role;
import io.quanyun.support.Api;

/** Supervision over the API, per role, with the events it publishes and a clock the test moves. */
@SupervisionTest
class SupervisionApiTests {

    @Autowired MockMvc mvc;
    @Autowired SupervisionManagement supervision;
    @Autowired IdentityManagement identity;
    @Autowired AuditTrail audit;
    @Autowired io.quanyun.support.MutableClock clock;
    @Autowired SupervisionTestConfiguration.RecordedEvents events;
    @Autowired PlatformTransactionManager transactions;
    @Autowired SupervisionTestConfiguration.SupervisedOperators operators;

    /** The operator that rectification, evaluation and monitoring act on: the tests' own, never a demo operator. */
    SupervisedOperator supervised() {
        return operators.get("api");
    }

    /** A second operator of the tests' own, the one that fails. */
    SupervisedOperator failing() {
        return operators.get("api2");
    }

    /** A fresh token: the moved clock would expire cached ones. */
    MockHttpServletRequestBuilder as(String user, MockHttpServletRequestBuilder request) {
        return request.header("Authorization", bearer(user));
    }

    String bearer(String user) {
        return "Bearer " + Api.issue(mvc, user, Api.PASSWORD);
    }

    MockHttpServletRequestBuilder json(String user, MockHttpServletRequestBuilder request, String body) {
        return as(user, request).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    UUID organization(String name) {
        return Actors.runAs(Actor.system(), () -> identity.organizationsOfType(OrganizationType.OPERATOR).stream()
                .filter(o -> o.name().equals(name)).map(OrganizationView::id).findFirst().orElseThrow());
    }

    UUID operatorId() {
        return organization("泉城数据科技有限公司");
    }

    UUID operator2Id() {
        return organization("齐鲁征信服务有限公司");
    }

    UUID userId(UUID organization, String username) {
        return Actors.runAs(Actor.system(), () -> identity.users(organization).stream()
                .filter(u -> u.username().equals(username)).map(UserView::id).findFirst().orElseThrow());
    }

    static String id(String body) {
        return JsonPath.read(body, "$.id");
    }

    // ================================================================ training

    String trainingBody(UUID user, LocalDate on, String result, LocalDate until) {
        return "{\"userId\":\"" + user + "\",\"course\":\"数据安全岗前培训\",\"trainedOn\":\"" + on
                + "\",\"result\":\"" + result + "\",\"validUntil\":\"" + until + "\"}";
    }

    @ParameterizedTest(name = "{0} records training of operator2's staff -> {1}")
    @CsvSource({"operator,403", "provider,403", "auditor,403", "expert1,403", "operator2,201", "bureau,201"})
    void recordTraining_byTheOperatorsAdminOrTheAuthorityOnly(String user, int expected) throws Exception {
        LocalDate today = LocalDate.now(clock);
        mvc.perform(json(user, post("/api/v1/supervision/trainings"),
                trainingBody(userId(operator2Id(), "operator2"), today.minusDays(1), "PASSED", today.plusYears(1))))
                .andExpect(status().is(expected));
    }

    @Test
    void training_isScopedToTheOwnOperator_andValidityIsAnswered() throws Exception {
        LocalDate today = LocalDate.now(clock);
        UUID user = userId(operatorId(), "operator");
        mvc.perform(json("operator", post("/api/v1/supervision/trainings"),
                trainingBody(user, today.minusDays(3), "PASSED", today.plusMonths(6)))).andExpect(status().isCreated());
        assertThat(supervision.hasValidTraining(user)).isTrue();
        assertThat(supervision.validTrainingUntil(user)).isPresent();
        String mine = mvc.perform(as("operator", get("/api/v1/supervision/trainings"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(mine, "$[*].organizationId")).containsOnly(operatorId().toString());
        mvc.perform(as("auditor", get("/api/v1/supervision/trainings"))).andExpect(status().isOk());
        mvc.perform(as("provider", get("/api/v1/supervision/trainings"))).andExpect(status().isForbidden());
    }

    @Test
    void failedTraining_isNotValid_andFutureTraining_isRefused() throws Exception {
        LocalDate today = LocalDate.now(clock);
        UserView person = createOperatorUser("failing");
        mvc.perform(json("operator", post("/api/v1/supervision/trainings"),
                trainingBody(person.id(), today, "FAILED", today.plusYears(1)))).andExpect(status().isCreated());
        assertThat(supervision.hasValidTraining(person.id())).isFalse();
        mvc.perform(json("operator", post("/api/v1/supervision/trainings"),
                trainingBody(person.id(), today.plusDays(2), "PASSED", today.plusYears(1))))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("trainedOn"));
    }

    @Test
    void trainingLapse_isAnnounced_whenValidityEnds() throws Exception {
        LocalDate today = LocalDate.now(clock);
        UserView person = createOperatorUser("lapsing");
        mvc.perform(json("operator", post("/api/v1/supervision/trainings"),
                trainingBody(person.id(), today.minusDays(30), "PASSED", today.plusDays(1))))
                .andExpect(status().isCreated());
        Actors.runAs(Actor.system(), supervision::detectLapsedTrainings);
        assertThat(events.of(TrainingLapsed.class)).noneMatch(e -> e.userId().equals(person.id()));
        clock.advance(Duration.ofDays(3));
        List<UUID> lapsed = Actors.runAs(Actor.system(), supervision::detectLapsedTrainings);
        assertThat(lapsed).contains(person.id());
        assertThat(supervision.hasValidTraining(person.id())).isFalse();
        assertThat(events.of(TrainingLapsed.class)).filteredOn(e -> e.userId().equals(person.id())).singleElement()
                .satisfies(e -> assertThat(e.organizationId()).isEqualTo(operatorId()));
        assertThat(Actors.runAs(Actor.system(), supervision::detectLapsedTrainings)).doesNotContain(person.id());
    }

    @Test
    void trainingEvidence_isStoredWithItsHash_andLimitedInSize() throws Exception {
        LocalDate today = LocalDate.now(clock);
        String created = mvc.perform(json("operator", post("/api/v1/supervision/trainings"),
                trainingBody(userId(operatorId(), "operator"), today, "PASSED", today.plusYears(1))))
                .andReturn().getResponse().getContentAsString();
        String training = id(created);
        mvc.perform(multipart("/api/v1/supervision/trainings/" + training + "/evidence")
                .file(new MockMultipartFile("file", "证书.pdf", "application/pdf", "certificate".getBytes()))
                .header("Authorization", bearer("operator")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.evidenceName").value("证书.pdf"))
                .andExpect(jsonPath("$.evidenceSize").value(11));
        mvc.perform(as("operator", get("/api/v1/supervision/trainings/" + training + "/evidence")))
                .andExpect(status().isOk());
        mvc.perform(as("operator2", get("/api/v1/supervision/trainings/" + training + "/evidence")))
                .andExpect(status().isNotFound());
        mvc.perform(multipart("/api/v1/supervision/trainings/" + training + "/evidence")
                .file(new MockMultipartFile("file", "big.bin", "application/octet-stream", new byte[2048]))
                .header("Authorization", bearer("operator")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("evidence_too_large"));
    }

    UserView createOperatorUser(String prefix) {
        return Actors.runAs(Actor.system(), () -> identity.createUser(new io.quanyun.identity.CreateUser(operatorId(),
                prefix + "." + UUID.randomUUID().toString().substring(0, 8), "测试人员", "Password@123",
                Set.of(Role.OPERATOR_ENGINEER))));
    }

    // ================================================================ drills

    @Test
    void drills_areRecordedByTheAuthority_andSeenByTheOperatorConcerned() throws Exception {
        String body = "{\"operatorId\":\"" + operatorId() + "\",\"scenario\":\"数据泄露应急\",\"heldOn\":\""
                + LocalDate.now(clock) + "\",\"participants\":\"张伟, 王建国\",\"findings\":\"响应慢\","
                + "\"followUpActions\":\"修订预案\"}";
        mvc.perform(json("operator", post("/api/v1/supervision/drills"), body)).andExpect(status().isForbidden());
        mvc.perform(json("bureau", post("/api/v1/supervision/drills"), body)).andExpect(status().isCreated());
        String mine = mvc.perform(as("operator", get("/api/v1/supervision/drills"))).andReturn().getResponse()
                .getContentAsString();
        assertThat(JsonPath.<List<String>>read(mine, "$[*].operatorId")).isNotEmpty()
                .containsOnly(operatorId().toString());
        String others = mvc.perform(as("operator2", get("/api/v1/supervision/drills"))).andReturn().getResponse()
                .getContentAsString();
        assertThat(JsonPath.<List<String>>read(others, "$[*].operatorId")).doesNotContain(operatorId().toString());
    }

    // ================================================================ rectification

    String issueBody(UUID operator, java.time.Instant deadline) {
        return "{\"operatorId\":\"" + operator + "\",\"reason\":\"违规导出\",\"content\":\"整改数据导出流程\","
                + "\"deadline\":\"" + deadline + "\"}";
    }

    @ParameterizedTest(name = "{0} issues a rectification order -> {1}")
    @CsvSource({"operator,403", "operator2,403", "provider,403", "auditor,403", "expert1,403", "maintainer,403"})
    void issue_onlyByAnAuthority(String user, int expected) throws Exception {
        mvc.perform(json(user, post("/api/v1/supervision/rectifications"),
                issueBody(supervised().organizationId, clock.instant().plus(Duration.ofDays(30))))).andExpect(status().is(expected));
    }

    @Test
    void rectification_issueSuspends_submitAccept_restores_andIsReportedToTheAuthority() throws Exception {
        String created = mvc.perform(json("bureau", post("/api/v1/supervision/rectifications"),
                issueBody(supervised().organizationId, clock.instant().plus(Duration.ofDays(30)))))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.state").value("ISSUED"))
                .andReturn().getResponse().getContentAsString();
        UUID order = UUID.fromString(id(created));
        assertThat(events.of(RectificationOrdered.class)).filteredOn(e -> e.orderId().equals(order)).singleElement()
                .satisfies(e -> assertThat(e.operatorId()).isEqualTo(supervised().organizationId));

        mvc.perform(as(failing().admin, get("/api/v1/supervision/rectifications/" + order)))
                .andExpect(status().isNotFound());
        String others = mvc.perform(as(failing().admin, get("/api/v1/supervision/rectifications"))).andReturn()
                .getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(others, "$[*].id")).doesNotContain(order.toString());
        mvc.perform(json(failing().admin, post("/api/v1/supervision/rectifications/" + order + "/submit"),
                "{\"note\":\"done\"}")).andExpect(status().isForbidden());
        mvc.perform(json(supervised().admin, post("/api/v1/supervision/rectifications/" + order + "/accept"),
                "{\"note\":\"self-accept\"}")).andExpect(status().isForbidden());

        mvc.perform(json(supervised().admin, post("/api/v1/supervision/rectifications/" + order + "/submit"),
                "{\"note\":\"已整改：导出需双人审批\"}")).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("SUBMITTED"));
        mvc.perform(json("bureau", post("/api/v1/supervision/rectifications/" + order + "/reject"),
                "{\"note\":\"缺少制度文件\"}")).andExpect(jsonPath("$.state").value("ISSUED"));
        mvc.perform(json(supervised().admin, post("/api/v1/supervision/rectifications/" + order + "/submit"),
                "{\"note\":\"补充制度文件\"}")).andExpect(status().isOk());
        mvc.perform(json("bureau", post("/api/v1/supervision/rectifications/" + order + "/accept"),
                "{\"note\":\"验收通过\"}")).andExpect(status().isOk()).andExpect(jsonPath("$.state").value("ACCEPTED"));
        assertThat(events.of(RectificationAccepted.class)).anyMatch(e -> e.orderId().equals(order));
        assertThat(events.of(RectificationRejected.class)).anyMatch(e -> e.orderId().equals(order));

        mvc.perform(as("auditor", get("/api/v1/supervision/rectifications/" + order))).andExpect(status().isOk())
                .andExpect(jsonPath("$.steps.length()").value(6));
        mvc.perform(as(supervised().admin, get("/api/v1/supervision/rectifications/" + order))).andExpect(status().isOk());
    }

    @Test
    void rectification_notAcceptedByTheDeadline_fails_andTheAgreementIsToEnd() throws Exception {
        String created = mvc.perform(json("bureau", post("/api/v1/supervision/rectifications"),
                issueBody(failing().organizationId, clock.instant().plus(Duration.ofDays(1))))).andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        UUID order = UUID.fromString(id(created));
        assertThat(Actors.runAs(Actor.system(), supervision::failOverdueRectifications)).doesNotContain(order);
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        mvc.perform(json(failing().admin, post("/api/v1/supervision/rectifications/" + order + "/submit"),
                "{\"note\":\"late\"}")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("rectification_overdue"));
        assertThat(Actors.runAs(Actor.system(), supervision::failOverdueRectifications)).contains(order);
        assertThat(events.of(RectificationFailed.class)).filteredOn(e -> e.orderId().equals(order)).singleElement()
                .satisfies(e -> assertThat(e.operatorId()).isEqualTo(failing().organizationId));
        mvc.perform(as("bureau", get("/api/v1/supervision/rectifications/" + order)))
                .andExpect(jsonPath("$.state").value("FAILED"));
    }

    // ================================================================ evaluations

    @Test
    void evaluation_failedOperator_getsAProposedOrder_whichTheAuthorizerIssues() throws Exception {
        String campaign = id(mvc.perform(json("bureau", post("/api/v1/supervision/evaluations"),
                "{\"name\":\"2025年度运营评估\",\"period\":\"2025\",\"passMark\":60,\"weights\":{\"COMPLIANCE\":30,"
                        + "\"SECURITY\":30,\"SERVICE_QUALITY\":15,\"PRODUCTS_DELIVERED\":15,\"PUBLIC_VALUE\":10}}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString());
        mvc.perform(json(supervised().admin, post("/api/v1/supervision/evaluations"),
                "{\"name\":\"x\",\"period\":\"2025\",\"passMark\":60,\"weights\":{\"COMPLIANCE\":100}}"))
                .andExpect(status().isForbidden());
        for (String criterion : List.of("COMPLIANCE", "SECURITY", "SERVICE_QUALITY", "PRODUCTS_DELIVERED",
                "PUBLIC_VALUE")) {
            score("expert1", campaign, supervised().organizationId, criterion, 85).andExpect(status().isOk());
            score("expert1", campaign, failing().organizationId, criterion, 40).andExpect(status().isOk());
        }
        score(supervised().admin, campaign, supervised().organizationId, "SECURITY", 100).andExpect(status().isForbidden());
        mvc.perform(as("expert1", post("/api/v1/supervision/evaluations/" + campaign + "/close")))
                .andExpect(status().isForbidden());
        mvc.perform(as("bureau", post("/api/v1/supervision/evaluations/" + campaign + "/close")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("CLOSED"));

        EvaluationFailed failed = events.of(EvaluationFailed.class).stream()
                .filter(e -> e.campaignId().toString().equals(campaign)).findFirst().orElseThrow();
        assertThat(failed.operatorId()).isEqualTo(failing().organizationId);
        String ownView = mvc.perform(as(failing().admin, get("/api/v1/supervision/evaluations/" + campaign)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(ownView, "$.results[*].operatorId"))
                .containsExactly(failing().organizationId.toString());
        assertThat(JsonPath.<List<Boolean>>read(ownView, "$.results[*].passed")).containsExactly(false);
        mvc.perform(json(failing().admin, post("/api/v1/supervision/evaluations/" + campaign + "/response"),
                "{\"note\":\"我们将整改\"}")).andExpect(status().isOk());

        UUID proposal = failed.proposedOrderId();
        mvc.perform(as(failing().admin, get("/api/v1/supervision/rectifications/" + proposal)))
                .andExpect(status().isNotFound());
        mvc.perform(json("bureau", post("/api/v1/supervision/rectifications/" + proposal + "/issue"),
                "{\"content\":\"提交安全整改方案\",\"deadline\":\"" + clock.instant().plus(Duration.ofDays(60)) + "\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("ISSUED"))
                .andExpect(jsonPath("$.campaignId").value(campaign));
        assertThat(events.of(RectificationOrdered.class)).anyMatch(e -> e.orderId().equals(proposal));
        mvc.perform(as(failing().admin, get("/api/v1/supervision/rectifications/" + proposal)))
                .andExpect(status().isOk());
    }

    org.springframework.test.web.servlet.ResultActions score(String user, String campaign, UUID operator,
            String criterion, int value) throws Exception {
        return mvc.perform(json(user, post("/api/v1/supervision/evaluations/" + campaign + "/scores"),
                "{\"operatorId\":\"" + operator + "\",\"criterion\":\"" + criterion + "\",\"score\":" + value
                        + ",\"evidence\":\"平台记录\"}"));
    }

    // ================================================================ monitoring

    /** Appends audit entries as a made-up operator engineer, as the sandbox and products will. */
    String appendActivity(int count, String action, Outcome outcome, String reason) {
        String username = "eng-" + UUID.randomUUID().toString().substring(0, 8);
        Actor actor = new Actor(UUID.randomUUID(), username, supervised().organizationId, supervised().name,
                OrganizationType.OPERATOR, Set.of(Role.OPERATOR_ENGINEER), "127.0.0.1");
        appendAs(actor, count, action, outcome, reason);
        return username;
    }

    void appendAs(Actor actor, int count, String action, Outcome outcome, String reason) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            for (int i = 0; i < count; i++) {
                audit.record(new AuditEvent(actor, action, "query", UUID.randomUUID().toString(), outcome,
                        outcome == Outcome.SUCCESS ? null : reason, Map.of()));
            }
        });
    }

    List<AlertView> evaluate() {
        return Actors.runAs(Actor.system(), supervision::evaluateMonitoring);
    }

    List<AlertView> alertsAbout(String subject) {
        return Actors.runAs(Actor.system(), supervision::alerts).stream().filter(a -> a.subject().equals(subject))
                .toList();
    }

    @Test
    void probing_manyRefusedQueriesInAMinute_raisesACriticalAlert_thatSuspends() throws Exception {
        clock.advanceToWeekday(LocalTime.of(10, 0));
        evaluate();
        String prober = appendActivity(50, "sandbox.query.refused", Outcome.REFUSED, "rule: small group");
        evaluate();
        List<AlertView> found = alertsAbout(prober);
        assertThat(found).extracting(AlertView::rule).contains(MonitoringRuleCode.QUERY_PROBING,
                MonitoringRuleCode.QUERY_BURST);
        AlertView probing = found.stream().filter(a -> a.rule() == MonitoringRuleCode.QUERY_PROBING).findFirst()
                .orElseThrow();
        assertThat(probing.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(probing.organizationId()).isEqualTo(supervised().organizationId);
        assertThat(events.of(CriticalAlertRaised.class)).filteredOn(e -> e.alertId().equals(probing.id()))
                .singleElement().satisfies(e -> assertThat(e.suspend()).isTrue());

        appendAs(new Actor(UUID.randomUUID(), prober, supervised().organizationId, supervised().name, OrganizationType.OPERATOR,
                Set.of(Role.OPERATOR_ENGINEER), null), 25, "sandbox.query.refused", Outcome.REFUSED, "again");
        evaluate();
        assertThat(alertsAbout(prober)).filteredOn(a -> a.rule() == MonitoringRuleCode.QUERY_PROBING)
                .singleElement().satisfies(a -> assertThat(a.occurrences()).isEqualTo(75));
    }

    @Test
    void ordinaryUse_duringWorkingHours_staysQuiet() {
        clock.advanceToWeekday(LocalTime.of(10, 0));
        evaluate();
        String user = appendActivity(8, "sandbox.query.run", Outcome.SUCCESS, "");
        String refusedOnce = appendActivity(2, "sandbox.query.refused", Outcome.REFUSED, "rule");
        String exporter = appendActivity(1, "sandbox.export.request", Outcome.SUCCESS, "");
        evaluate();
        assertThat(alertsAbout(user)).isEmpty();
        assertThat(alertsAbout(refusedOnce)).isEmpty();
        assertThat(alertsAbout(exporter)).isEmpty();
    }

    @Test
    void activityOutsideWorkingHours_raisesAnAlert() {
        clock.advanceToWeekday(LocalTime.of(22, 30));
        evaluate();
        String nightOwl = appendActivity(1, "sandbox.query.run", Outcome.SUCCESS, "");
        evaluate();
        assertThat(alertsAbout(nightOwl)).extracting(AlertView::rule).containsExactly(MonitoringRuleCode.OFF_HOURS);
        clock.advanceToWeekday(LocalTime.of(10, 0));
    }

    @Test
    void verificationWithManyNotFound_raisesAnEnumerationAlert() {
        clock.advanceToWeekday(LocalTime.of(10, 0));
        evaluate();
        String caller = appendActivity(25, "product.verification.call", Outcome.REFUSED, "not_found");
        String honest = appendActivity(25, "product.verification.call", Outcome.SUCCESS, "");
        evaluate();
        assertThat(alertsAbout(caller)).extracting(AlertView::rule)
                .containsExactly(MonitoringRuleCode.VERIFICATION_ENUMERATION);
        assertThat(alertsAbout(honest)).isEmpty();
    }

    @Test
    void exportRequestsPilingUp_raiseAnAlertOnTheOrganization_andTheAuthorityTunesTheRule() throws Exception {
        clock.advanceToWeekday(LocalTime.of(10, 0));
        evaluate();
        mvc.perform(json("bureau", put("/api/v1/supervision/rules/EXPORT_PILE_UP"),
                "{\"severity\":\"WARNING\",\"threshold\":3,\"windowMinutes\":60,\"enabled\":true,"
                        + "\"suspendOnCritical\":false}")).andExpect(status().isOk())
                .andExpect(jsonPath("$.threshold").value(3));
        mvc.perform(json("operator", put("/api/v1/supervision/rules/EXPORT_PILE_UP"),
                "{\"severity\":\"INFO\",\"threshold\":1000,\"windowMinutes\":60}")).andExpect(status().isForbidden());
        appendActivity(2, "sandbox.export.request", Outcome.SUCCESS, "");
        clock.advance(Duration.ofMinutes(10));
        appendActivity(2, "sandbox.export.request", Outcome.SUCCESS, "");
        evaluate();
        assertThat(alertsAbout(supervised().name)).extracting(AlertView::rule)
                .contains(MonitoringRuleCode.EXPORT_PILE_UP);
    }

    @Test
    void alerts_areHandledBySupervisors_andHiddenFromOperators() throws Exception {
        clock.advanceToWeekday(LocalTime.of(10, 0));
        evaluate();
        String prober = appendActivity(40, "sandbox.query.refused", Outcome.REFUSED, "rule");
        evaluate();
        UUID alert = alertsAbout(prober).stream().filter(a -> a.rule() == MonitoringRuleCode.QUERY_PROBING)
                .findFirst().orElseThrow().id();
        mvc.perform(as("operator", get("/api/v1/supervision/alerts"))).andExpect(status().isForbidden());
        mvc.perform(as("operator", post("/api/v1/supervision/alerts/" + alert + "/acknowledge")))
                .andExpect(status().isForbidden());
        mvc.perform(json("bureau", post("/api/v1/supervision/alerts/" + alert + "/assign"),
                "{\"assignee\":\"auditor\"}")).andExpect(status().isOk())
                .andExpect(jsonPath("$.assignee").value("auditor"));
        mvc.perform(as("auditor", post("/api/v1/supervision/alerts/" + alert + "/acknowledge")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("ACKNOWLEDGED"));
        mvc.perform(json("auditor", post("/api/v1/supervision/alerts/" + alert + "/resolve"), "{\"note\":\"\"}"))
                .andExpect(status().isBadRequest());
        mvc.perform(json("auditor", post("/api/v1/supervision/alerts/" + alert + "/resolve"),
                "{\"note\":\"测试账号压测，已核实\"}")).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("RESOLVED"));
        mvc.perform(as("auditor", get("/api/v1/supervision/dashboard"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.alertsByRule.QUERY_PROBING").isNumber());
    }
}
