package io.quanyun.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.identity.IdentityManagement;
import io.quanyun.sandbox.SandboxManagement;
import io.quanyun.shared.Actors;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Zones;
import io.quanyun.support.Api;

/** Responsibility (Art. 14), security reports and inspections (Art. 16) over the API. */
@SupervisionTest
class ReportingApiTests {

    @Autowired MockMvc mvc;
    @Autowired SandboxManagement sandbox;
    @Autowired IdentityManagement identity;
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

    static String sections(String... leaveOut) {
        StringBuilder json = new StringBuilder("{");
        for (String key : SecurityReporting.SECTIONS.keySet()) {
            if (!List.of(leaveOut).contains(key)) {
                json.append(json.length() > 1 ? "," : "").append('"').append(key).append("\":\"本期情况正常\"");
            }
        }
        return json.append('}').toString();
    }

    @Test
    void responsibility_eachAuthorizerSeesWhatItSupervises_withTheFirstResponsiblePerson() throws Exception {
        SupervisedOperator operator = operators.get("rep");
        String mine = body(as("bureau", get("/api/v1/supervision/responsibilities")), 200);
        assertThat(JsonPath.<List<String>>read(mine, "$.agreements[?(@.id == '" + operator.agreementId
                + "')].firstResponsiblePerson")).containsExactly("孙监测");
        assertThat(JsonPath.<List<String>>read(mine, "$.agreements[?(@.id == '" + operator.agreementId
                + "')].authorizerName")).containsExactly("济南市大数据局");
        assertThat(JsonPath.<List<String>>read(mine, "$.grants[?(@.id == '" + operator.grantId + "')].state"))
                .containsExactly("ACTIVE");
        assertThat(JsonPath.<List<String>>read(mine, "$.openItems[*].operatorId"))
                .contains(operator.organizationId.toString());
        // an authorizer sees only its own; the provider authorized nothing of this operator
        String provider = body(as("provider", get("/api/v1/supervision/responsibilities")), 200);
        assertThat(JsonPath.<List<String>>read(provider, "$.agreements[*].id"))
                .doesNotContain(operator.agreementId.toString());
        body(as(operator.admin, get("/api/v1/supervision/responsibilities")), 403);
    }

    @Test
    void securityReport_prefilledFromThePlatform_filedOnce_andOverdueFlagged() throws Exception {
        SupervisedOperator operator = operators.get("rep");
        String template = body(as(operator.admin, get("/api/v1/security-reports/template")), 200);
        assertThat(JsonPath.<java.util.Map<String, String>>read(template, "$.sections"))
                .containsOnlyKeys(SecurityReporting.SECTIONS.keySet());
        assertThat((Integer) JsonPath.read(template, "$.evidence.staff")).isEqualTo(2);
        // the training counted is the one valid at the end of the period: this operator's staff were trained later
        assertThat((Integer) JsonPath.read(template, "$.evidence.trainedStaff")).isZero();
        String period = JsonPath.read(template, "$.period");
        String current = ReportingPeriod.containing(LocalDate.now(clock.withZone(Zones.SHANGHAI)), 3, 15).label();
        String running = body(as(operator.admin, get("/api/v1/security-reports/template?period=" + current)), 200);
        assertThat((Integer) JsonPath.read(running, "$.evidence.trainedStaff")).isEqualTo(2);
        assertThat((Integer) JsonPath.read(running, "$.evidence.queries")).isGreaterThanOrEqualTo(0);
        body(json(operator.admin, post("/api/v1/security-reports"),
                "{\"period\":\"" + current + "\",\"sections\":" + sections() + "}"), 400);

        body(json(operator.engineer, post("/api/v1/security-reports"), "{\"sections\":" + sections() + "}"), 403);
        String incomplete = body(json(operator.admin, post("/api/v1/security-reports"),
                "{\"sections\":" + sections("incidents") + "}"), 400);
        assertThat(JsonPath.<List<String>>read(incomplete, "$.errors[*].field")).containsExactly("sections.incidents");
        String filed = body(json(operator.admin, post("/api/v1/security-reports"),
                "{\"period\":\"" + period + "\",\"sections\":" + sections() + "}"), 201);
        assertThat((String) JsonPath.read(filed, "$.filedBy")).isEqualTo(operator.admin);
        body(json(operator.admin, post("/api/v1/security-reports"), "{\"sections\":" + sections() + "}"), 409);
        String id = JsonPath.read(filed, "$.id");
        body(as("operator2", get("/api/v1/security-reports/" + id)), 404);
        body(as("auditor", get("/api/v1/security-reports/" + id)), 200);

        // the period running now ends and its reports fall due: whoever held an agreement in it and did not file is
        // flagged to the authorizer
        SupervisedOperator silent = operators.get("inc");
        LocalDate dueOn = ReportingPeriod.containing(LocalDate.now(clock.withZone(Zones.SHANGHAI)), 3, 15).dueOn();
        clock.advance(java.time.Duration.between(clock.instant(),
                dueOn.plusDays(1).atTime(10, 0).atZone(Zones.SHANGHAI).toInstant()));
        body(json(operator.admin, post("/api/v1/security-reports"),
                "{\"period\":\"" + current + "\",\"sections\":" + sections() + "}"), 201);
        String overdue = body(as("bureau", get("/api/v1/security-reports/overdue")), 200);
        List<String> flagged = JsonPath.read(overdue, "$[*].operatorId");
        assertThat(flagged).contains(silent.organizationId.toString())
                .doesNotContain(operator.organizationId.toString());
        assertThat(JsonPath.<List<String>>read(overdue, "$[*].period")).containsOnly(current);
        String page = body(as("bureau", get("/api/v1/supervision/responsibilities")), 200);
        assertThat(JsonPath.<List<Boolean>>read(page, "$.openItems[?(@.operatorId == '" + silent.organizationId
                + "')].securityReportOverdue")).containsExactly(true);
        body(as(operator.admin, get("/api/v1/security-reports/overdue")), 403);
    }

    @Test
    void inspection_readsMetadataHistoryExportsAndProducts_neverData_andRecordsFindings() throws Exception {
        SupervisedOperator operator = operators.get("rep");
        UUID workspace = operator.workspace(sandbox, identity);
        String sql = "SELECT district, COUNT(*) AS n FROM person GROUP BY district";
        UUID queryId;
        try {
            queryId = Actors.runAs(operator.engineerActor(identity), () -> sandbox.query(workspace, sql)).id();
        } catch (QuanyunException e) {
            throw new AssertionError("the query should be answered", e);
        }

        String body = "{\"operatorId\":\"" + operator.organizationId + "\",\"scope\":\"数据使用合规专项检查\"}";
        body(json(operator.admin, post("/api/v1/inspections"), body), 403);
        String opened = body(json("bureau", post("/api/v1/inspections"), body), 201);
        String id = JsonPath.read(opened, "$.id");
        body(as("district", get("/api/v1/inspections/" + id + "/records")), 403);
        body(as(operator.admin, get("/api/v1/inspections/" + id + "/records")), 403);
        String records = body(as("bureau", get("/api/v1/inspections/" + id + "/records")), 200);
        assertThat(JsonPath.<List<String>>read(records, "$.workspaces[*].id")).contains(workspace.toString());
        assertThat(JsonPath.<List<String>>read(records, "$.queries[?(@.id == '" + queryId + "')].sql"))
                .containsExactly(sql);
        assertThat(records).doesNotContain("rows").doesNotContain("resultJson").doesNotContain("csv");

        body(json("bureau", post("/api/v1/inspections/" + id + "/findings"), "{\"note\":\"查询目的记录不完整\"}"), 200);
        String closed = body(json("bureau", post("/api/v1/inspections/" + id + "/closure"),
                "{\"conclusion\":\"基本合规，限期补充查询目的记录\"}"), 200);
        assertThat((String) JsonPath.read(closed, "$.state")).isEqualTo("CLOSED");
        assertThat(JsonPath.<List<String>>read(closed, "$.findings[*].note")).containsExactly("查询目的记录不完整");
        body(as("bureau", get("/api/v1/inspections/" + id + "/records")), 409);
        String seen = body(as(operator.engineer, get("/api/v1/inspections")), 200);
        assertThat(JsonPath.<List<String>>read(seen, "$[*].id")).contains(id);
    }
}
