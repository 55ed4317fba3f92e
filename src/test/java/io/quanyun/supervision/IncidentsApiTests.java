package io.quanyun.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.access.AccessManagement;
import io.quanyun.access.GrantState;
import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.audit.Outcome;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.Role;
import io.quanyun.support.Api;

/** Incidents and emergency plans over the API (Art. 15), on the supervision tests' own operator. */
@SupervisionTest
class IncidentsApiTests {

    @Autowired MockMvc mvc;
    @Autowired SupervisionManagement supervision;
    @Autowired AccessManagement access;
    @Autowired IdentityManagement identity;
    @Autowired AuditTrail audit;
    @Autowired TransactionTemplate transactions;
    @Autowired SupervisionTestConfiguration.SupervisedOperators operators;
    @Autowired io.quanyun.support.MutableClock clock;

    MockHttpServletRequestBuilder as(String user, MockHttpServletRequestBuilder request) {
        return request.header("Authorization", "Bearer " + Api.issue(mvc, user, Api.PASSWORD));
    }

    MockHttpServletRequestBuilder json(String user, MockHttpServletRequestBuilder request, String body) {
        return as(user, request).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    String body(MockHttpServletRequestBuilder request, int status) throws Exception {
        return mvc.perform(request).andExpect(status().is(status)).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
    }

    String reportBody(String grade) {
        return "{\"grade\":\"" + grade + "\",\"title\":\"疑似账号被盗用\",\"description\":\"夜间出现异常查询\"}";
    }

    @Test
    void incident_reportedByTheOperator_containedNotifiedAndClosed_byTheAuthority() throws Exception {
        SupervisedOperator operator = operators.get("inc");
        body(json("provider", post("/api/v1/incidents"), reportBody("GENERAL")), 403);
        String reported = body(json(operator.engineer, post("/api/v1/incidents"), reportBody("LARGE")), 201);
        String id = JsonPath.read(reported, "$.id");
        assertThat((String) JsonPath.read(reported, "$.organizationId")).isEqualTo(operator.organizationId.toString());
        assertThat((String) JsonPath.read(reported, "$.state")).isEqualTo("REPORTED");

        body(as("operator2", get("/api/v1/incidents/" + id)), 404);
        assertThat(JsonPath.<List<String>>read(body(as("operator2", get("/api/v1/incidents")), 200), "$[*].id"))
                .doesNotContain(id);
        body(json(operator.admin, post("/api/v1/incidents/" + id + "/containment"),
                "{\"kind\":\"SUSPEND_GRANT\",\"target\":\"" + operator.grantId + "\",\"reason\":\"x\"}"), 403);

        String contained = body(json("bureau", post("/api/v1/incidents/" + id + "/containment"),
                "{\"kind\":\"SUSPEND_GRANT\",\"target\":\"" + operator.grantId + "\",\"reason\":\"控制事态\"}"), 200);
        assertThat((String) JsonPath.read(contained, "$.state")).isEqualTo("RESPONDING");
        assertThat(JsonPath.<List<String>>read(contained, "$.timeline[*].kind")).containsExactly("REPORTED",
                "CONTAINMENT");
        assertThat(operator.grant(access).state()).isEqualTo(GrantState.SUSPENDED);

        String future = clock.instant().plus(Duration.ofHours(1)).toString();
        body(json("bureau", post("/api/v1/incidents/" + id + "/notifications"),
                "{\"department\":\"PUBLIC_SECURITY\",\"at\":\"" + future + "\",\"note\":\"电话\"}"), 400);
        String at = clock.instant().minus(Duration.ofMinutes(20)).toString();
        for (String department : List.of("CYBERSPACE", "PUBLIC_SECURITY")) {
            body(json("bureau", post("/api/v1/incidents/" + id + "/notifications"),
                    "{\"department\":\"" + department + "\",\"at\":\"" + at + "\",\"note\":\"电话报告值班室\"}"), 200);
        }
        body(json(operator.admin, post("/api/v1/incidents/" + id + "/notes"), "{\"note\":\"已重置该账号口令\"}"), 200);
        body(json("bureau", post("/api/v1/incidents/" + id + "/grade"),
                "{\"grade\":\"GENERAL\",\"reason\":\"未发现数据外泄\"}"), 200);
        body(json("bureau", post("/api/v1/incidents/" + id + "/closure"), "{\"lessonsLearned\":\"\"}"), 400);
        String closed = body(json("bureau", post("/api/v1/incidents/" + id + "/closure"),
                "{\"lessonsLearned\":\"启用双因素登录；夜间操作需审批\"}"), 200);
        assertThat((String) JsonPath.read(closed, "$.state")).isEqualTo("CLOSED");
        assertThat((String) JsonPath.read(closed, "$.grade")).isEqualTo("GENERAL");
        assertThat(JsonPath.<List<String>>read(closed, "$.timeline[?(@.kind == 'NOTIFICATION')].subject"))
                .containsExactly("CYBERSPACE", "PUBLIC_SECURITY");
        assertThat(JsonPath.<List<String>>read(closed, "$.timeline[?(@.kind == 'NOTIFICATION')].occurredAt"))
                .allSatisfy(time -> assertThat(java.time.Instant.parse(time)).isEqualTo(java.time.Instant.parse(at)));
        body(json(operator.admin, post("/api/v1/incidents/" + id + "/notes"), "{\"note\":\"late\"}"), 409);
        body(as(operator.engineer, get("/api/v1/incidents/" + id)), 200);

        // restore the grant for the other tests of this operator
        Actors.runAs(SupervisedOperator.actor(identity, "bureau"), () -> access.restore(operator.grantId, "事件已处置"));
    }

    @Test
    void incident_raisedFromAnAlert_concernsTheAlertsOperator() throws Exception {
        SupervisedOperator operator = operators.get("inc");
        clock.advanceToWeekday(java.time.LocalTime.of(10, 0));
        Actors.runAs(Actor.system(), supervision::evaluateMonitoring);
        Actor prober = new Actor(UUID.randomUUID(), "probe-" + UUID.randomUUID().toString().substring(0, 6),
                operator.organizationId, operator.name, OrganizationType.OPERATOR, Set.of(Role.OPERATOR_ENGINEER),
                null);
        transactions.executeWithoutResult(status -> {
            for (int i = 0; i < 35; i++) {
                audit.record(new AuditEvent(prober, "sandbox.query", "query", UUID.randomUUID().toString(),
                        Outcome.SUCCESS, null, Map.of()));
            }
        });
        AlertView alert = Actors.runAs(Actor.system(), supervision::evaluateMonitoring).stream()
                .filter(a -> a.subject().equals(prober.username()) && a.rule() == MonitoringRuleCode.QUERY_BURST)
                .findFirst().orElseThrow();
        body(json(operator.admin, post("/api/v1/incidents"), "{\"alertId\":\"" + alert.id() + "\","
                + "\"grade\":\"GENERAL\",\"title\":\"t\",\"description\":\"d\"}"), 403);
        String raised = body(json("auditor", post("/api/v1/incidents"), "{\"alertId\":\"" + alert.id() + "\","
                + "\"grade\":\"MAJOR\",\"title\":\"短时大量查询\",\"description\":\"告警转为事件\"}"), 201);
        assertThat((String) JsonPath.read(raised, "$.organizationId")).isEqualTo(operator.organizationId.toString());
        assertThat((String) JsonPath.read(raised, "$.alertId")).isEqualTo(alert.id().toString());
    }

    @Test
    void emergencyPlans_areVersionedPerOrganization_theCurrentOneInForce() throws Exception {
        SupervisedOperator operator = operators.get("inc");
        LocalDate today = LocalDate.now(clock.withZone(io.quanyun.shared.Zones.SHANGHAI));
        String plan = "{\"title\":\"应急预案\",\"content\":\"分级响应\",\"effectiveFrom\":\"%s\"}";
        body(json(operator.engineer, post("/api/v1/emergency-plans"), plan.formatted(today)), 403);
        body(json("operator2", post("/api/v1/emergency-plans"), ("{\"organizationId\":\"" + operator.organizationId
                + "\",\"title\":\"x\",\"content\":\"y\",\"effectiveFrom\":\"" + today + "\"}")), 403);
        String first = body(json(operator.admin, post("/api/v1/emergency-plans"), plan.formatted(today.minusDays(30))),
                201);
        String second = body(json(operator.admin, post("/api/v1/emergency-plans"), plan.formatted(today)), 201);
        String future = body(json(operator.admin, post("/api/v1/emergency-plans"), plan.formatted(today.plusDays(30))),
                201);
        assertThat(List.of(first, second, future)).extracting(b -> (Integer) JsonPath.read(b, "$.planVersion"))
                .containsExactly(1, 2, 3);
        String mine = body(as(operator.engineer, get("/api/v1/emergency-plans")), 200);
        assertThat(JsonPath.<List<Integer>>read(mine, "$[?(@.current == true)].planVersion")).containsExactly(2);
        assertThat(JsonPath.<List<String>>read(mine, "$[*].organizationId")).containsOnly(
                operator.organizationId.toString());
        String others = body(as("operator2", get("/api/v1/emergency-plans")), 200);
        assertThat(JsonPath.<List<String>>read(others, "$[*].organizationId")).doesNotContain(
                operator.organizationId.toString());
    }
}
