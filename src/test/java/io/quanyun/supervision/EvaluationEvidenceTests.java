package io.quanyun.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
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
import io.quanyun.shared.Zones;
import io.quanyun.support.Api;

/** Evaluation evidence (Art. 17): the platform's own figures per operator and criterion, frozen at closing. */
@SupervisionTest
class EvaluationEvidenceTests {

    @Autowired MockMvc mvc;
    @Autowired SandboxManagement sandbox;
    @Autowired IdentityManagement identity;
    @Autowired SupervisionTestConfiguration.SupervisedOperators operators;
    @Autowired io.quanyun.support.MutableClock clock;
    @Autowired io.quanyun.product.ProductManagement products;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

    MockHttpServletRequestBuilder as(String user, MockHttpServletRequestBuilder request) {
        return request.header("Authorization", "Bearer " + Api.issue(mvc, user, Api.PASSWORD));
    }

    String body(MockHttpServletRequestBuilder request, int status) throws Exception {
        return mvc.perform(request).andExpect(status().is(status)).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    String evidence(String user, String campaign, UUID operator, int status) throws Exception {
        return body(as(user, get("/api/v1/supervision/evaluations/" + campaign + "/evidence?operator=" + operator)),
                status);
    }

    org.springframework.mock.web.MockHttpSession signIn(String username) throws Exception {
        return (org.springframework.mock.web.MockHttpSession) mvc.perform(
                org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin("/login")
                        .user(username).password(Api.PASSWORD)).andReturn().getRequest().getSession();
    }

    static long figure(String json, String path) {
        return ((Number) JsonPath.read(json, path)).longValue();
    }

    void query(SupervisedOperator operator, UUID workspace) {
        Actors.runAs(operator.engineerActor(identity),
                () -> sandbox.query(workspace, "SELECT district, COUNT(*) AS n FROM person GROUP BY district"));
    }

    @Test
    void evidence_reflectsTheOperatorsRecordedActivity_seenByEvaluatorsNotOthers_andFrozenAtClosing()
            throws Exception {
        SupervisedOperator operator = operators.get("evi");
        SupervisedOperator other = operators.get("evo");
        UUID workspace = operator.workspace(sandbox, identity);
        int year = LocalDate.now(clock.withZone(Zones.SHANGHAI)).getYear();
        String campaign = JsonPath.read(body(as("bureau", post("/api/v1/supervision/evaluations"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + year + "年度运营评估(证据)\",\"period\":\"" + year + "\",\"passMark\":60,"
                        + "\"weights\":{\"COMPLIANCE\":40,\"SECURITY\":30,\"SERVICE_QUALITY\":20,"
                        + "\"PUBLIC_VALUE\":10}}"), 201), "$.id");

        String before = evidence("expert1", campaign, operator.organizationId, 200);
        assertThat((String) JsonPath.read(before, "$.periodStart")).isEqualTo(year + "-01-01");
        assertThat(JsonPath.<Map<String, Object>>read(before, "$.figures")).containsOnlyKeys("COMPLIANCE",
                "SECURITY", "SERVICE_QUALITY", "PUBLIC_VALUE");
        assertThat(figure(before, "$.figures.SECURITY.staff")).isEqualTo(2);
        assertThat(figure(before, "$.figures.SECURITY.trainedStaff")).isEqualTo(2);
        assertThat((Object) JsonPath.read(before, "$.frozenAt")).isNull();
        long queriesBefore = figure(before, "$.figures.SERVICE_QUALITY.queries");

        // the operator's engineer runs two queries: the live evidence counts them
        query(operator, workspace);
        query(operator, workspace);
        String live = evidence("bureau", campaign, operator.organizationId, 200);
        assertThat(figure(live, "$.figures.SERVICE_QUALITY.queries")).isEqualTo(queriesBefore + 2);
        // the other operator's figures are its own, untouched by this activity
        String others = evidence("bureau", campaign, other.organizationId, 200);
        assertThat(figure(others, "$.figures.SERVICE_QUALITY.queries")).isZero();

        // evaluators and supervisors see it; the operator sees its own, never another operator's
        evidence("auditor", campaign, operator.organizationId, 200);
        evidence(operator.admin, campaign, operator.organizationId, 200);
        evidence(other.admin, campaign, operator.organizationId, 403);
        evidence("operator2", campaign, operator.organizationId, 403);

        for (String criterion : List.of("COMPLIANCE", "SECURITY", "SERVICE_QUALITY", "PUBLIC_VALUE")) {
            body(as("expert1", post("/api/v1/supervision/evaluations/" + campaign + "/scores"))
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"operatorId\":\"" + operator.organizationId + "\",\"criterion\":\"" + criterion
                            + "\",\"score\":80,\"evidence\":\"见平台证据\"}"), 200);
        }
        body(as("bureau", post("/api/v1/supervision/evaluations/" + campaign + "/close")), 200);

        String frozen = evidence("expert1", campaign, operator.organizationId, 200);
        assertThat((String) JsonPath.read(frozen, "$.frozenAt")).isNotBlank();
        assertThat(figure(frozen, "$.figures.SERVICE_QUALITY.queries")).isEqualTo(queriesBefore + 2);
        String hash = JsonPath.read(frozen, "$.sha256");
        assertThat(hash).hasSize(64);

        // the evaluation console shows the frozen figures and their hash to an evaluator; to another operator, with
        // no score in it, the campaign does not exist
        String page = mvc.perform(get("/supervision/evaluations/" + campaign + "?operator=" + operator.organizationId)
                .session(signIn("expert1"))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("data-testid=\"evidence\"").contains(hash);
        mvc.perform(get("/supervision/evaluations").session(signIn("expert1"))).andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .string(org.hamcrest.Matchers.containsString(campaign)));
        mvc.perform(get("/supervision/evaluations/" + campaign + "?operator=" + operator.organizationId)
                .session(signIn(other.admin))).andExpect(status().isNotFound());

        // activity after closing does not change the snapshot or its hash
        query(operator, workspace);
        String later = evidence("bureau", campaign, operator.organizationId, 200);
        assertThat(figure(later, "$.figures.SERVICE_QUALITY.queries")).isEqualTo(queriesBefore + 2);
        assertThat((String) JsonPath.read(later, "$.sha256")).isEqualTo(hash);
    }

    String campaign(String name, String period) throws Exception {
        return JsonPath.read(body(as("bureau", post("/api/v1/supervision/evaluations"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + name + "\",\"period\":\"" + period + "\",\"passMark\":60,"
                        + "\"weights\":{\"COMPLIANCE\":30,\"SECURITY\":30,\"SERVICE_QUALITY\":20,"
                        + "\"PRODUCTS_DELIVERED\":10,\"PUBLIC_VALUE\":10}}"), 201), "$.id");
    }

    /**
     * Every figure collected automatically counts only the campaign's period: activity, products created and listed
     * and reports overdue today do not leak into a campaign on last year, and reports overdue in last year are
     * counted there (due in the period, not filed by their due date) whatever is overdue today.
     */
    @Test
    void everyFigure_isLimitedToTheCampaignsPeriod() throws Exception {
        SupervisedOperator operator = operators.get("evp");
        UUID workspace = operator.workspace(sandbox, identity);
        query(operator, workspace);
        operator.listedProduct(products, identity);
        int year = LocalDate.now(clock.withZone(Zones.SHANGHAI)).getYear();
        int last = year - 1;
        String lastYear = campaign(last + "年度运营评估(期间)" + UUID.randomUUID().toString().substring(0, 4),
                last + "-01-01/" + last + "-12-31");
        String thisYear = campaign(year + "年度运营评估(期间)" + UUID.randomUUID().toString().substring(0, 4),
                String.valueOf(year));

        String now = evidence("bureau", thisYear, operator.organizationId, 200);
        assertThat(figure(now, "$.figures.SERVICE_QUALITY.queries")).isPositive();
        assertThat(figure(now, "$.figures.PRODUCTS_DELIVERED.productsCreated")).isEqualTo(1);
        assertThat(figure(now, "$.figures.PRODUCTS_DELIVERED.productsListed")).isEqualTo(1);

        String before = evidence("bureau", lastYear, operator.organizationId, 200);
        assertThat((String) JsonPath.read(before, "$.periodEnd")).isEqualTo(last + "-12-31");
        for (String path : List.of("COMPLIANCE.refusedQueries", "COMPLIANCE.exportsRequested",
                "COMPLIANCE.overdueSecurityReports", "SECURITY.alertsCritical", "SECURITY.alertsWarning", "SECURITY.alertsInfo", "SECURITY.trainedStaff",
                "SECURITY.incidents", "SECURITY.openIncidents", "SERVICE_QUALITY.queries",
                "SERVICE_QUALITY.exportsApproved", "PRODUCTS_DELIVERED.productsCreated",
                "PRODUCTS_DELIVERED.productsListed")) {
            assertThat(figure(before, "$.figures." + path)).as(path).isZero();
        }

        // had its agreement run since 1 January last year, the reports of last year's first three quarters (due
        // 15 April, 15 July, 15 October) are overdue in last year's campaign; the fourth is due this year
        UUID agreement = operator.agreementId;
        java.time.OffsetDateTime activated = jdbc.sql("select activated_at from authorization_agreement where id = ?")
                .param(agreement).query(java.time.OffsetDateTime.class).single();
        jdbc.sql("update authorization_agreement set activated_at = ? where id = ?")
                .param(LocalDate.of(last, 1, 1).atTime(12, 0).atZone(Zones.SHANGHAI).toOffsetDateTime())
                .param(agreement).update();
        try {
            String overdue = evidence("bureau", lastYear, operator.organizationId, 200);
            assertThat(figure(overdue, "$.figures.COMPLIANCE.overdueSecurityReports")).isEqualTo(3);
        } finally {
            jdbc.sql("update authorization_agreement set activated_at = ? where id = ?").param(activated)
                    .param(agreement).update();
        }
    }

    @Test
    void canonicalText_roundTrips_andItsHashIsStable() {
        Map<Criterion, Map<String, Long>> figures = new java.util.EnumMap<>(Criterion.class);
        figures.put(Criterion.SECURITY, new java.util.LinkedHashMap<>(Map.of("incidents", 1L)));
        figures.put(Criterion.COMPLIANCE, new java.util.LinkedHashMap<>(Map.of("refusedQueries", 3L)));
        figures.put(Criterion.PUBLIC_VALUE, Map.of());
        String text = EvaluationEvidencing.canonical(figures);
        assertThat(text).isEqualTo("COMPLIANCE.refusedQueries=3\nSECURITY.incidents=1\nPUBLIC_VALUE\n");
        assertThat(EvaluationEvidencing.parse(text)).isEqualTo(figures);
        assertThat(EvaluationEvidencing.sha256(text)).isEqualTo(EvaluationEvidencing.sha256(
                EvaluationEvidencing.canonical(EvaluationEvidencing.parse(text))));
    }
}
