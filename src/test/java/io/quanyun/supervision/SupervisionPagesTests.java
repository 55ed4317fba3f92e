package io.quanyun.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.audit.Outcome;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.Role;
import io.quanyun.support.Api;

/** The supervision console pages per role, and resolving an alert from the dashboard. */
@SupervisionTest
class SupervisionPagesTests {

    @Autowired MockMvc mvc;
    @Autowired SupervisionManagement supervision;
    @Autowired AuditTrail audit;
    @Autowired PlatformTransactionManager transactions;
    @Autowired io.quanyun.support.MutableClock clock;
    @Autowired IncidentManagement incidents;
    @Autowired SecurityReporting reporting;
    @Autowired SupervisionTestConfiguration.SupervisedOperators operators;
    @Autowired io.quanyun.identity.IdentityManagement identity;

    MockHttpSession signIn(String username) throws Exception {
        return (MockHttpSession) mvc.perform(formLogin("/login").user(username).password(Api.PASSWORD)).andReturn()
                .getRequest().getSession();
    }

    @Test
    void dashboard_showsChartsWithoutInlineScripts_forSupervisorsOnly() throws Exception {
        String page = mvc.perform(get("/supervision").session(signIn("auditor"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("data-chart=\"bar\"")))
                .andExpect(content().string(containsString("/dist/echarts.min.js")))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).doesNotContain("<script>").containsPattern("data-labels=\"QUERY_BURST,");
        mvc.perform(get("/supervision").session(signIn("operator"))).andExpect(status().isForbidden());
        mvc.perform(get("/supervision/rectifications").session(signIn("operator"))).andExpect(status().isOk());
        mvc.perform(get("/supervision/trainings").session(signIn("bureau"))).andExpect(status().isOk());
        mvc.perform(get("/supervision/trainings").session(signIn("provider"))).andExpect(status().isForbidden());
    }

    @Test
    void dashboard_countsOpenIncidentsByGrade_andOverdueSecurityReports() throws Exception {
        MockHttpSession auditor = signIn("auditor");
        String before = mvc.perform(get("/supervision").session(auditor)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        long open = count(before, "open-incidents");
        List<Long> byGrade = values(before, "chart-incidents-by-grade");
        assertThat(before).contains("data-chart=\"bar\" data-testid=\"chart-incidents-by-grade\"")
                .contains("data-labels=\"SPECIAL,MAJOR,LARGE,GENERAL\"");
        assertThat(byGrade.stream().mapToLong(Long::longValue).sum()).isEqualTo(open);

        // a major incident at an operator: one more open incident, in the MAJOR bar
        SupervisedOperator operator = operators.get("dashboard");
        Actor authority = SupervisedOperator.actor(identity, "bureau");
        IncidentView incident = Actors.runAs(authority, () -> incidents.report(new ReportIncident(
                operator.organizationId, null, IncidentGrade.MAJOR, "看板测试事件", "用于看板计数的事件", clock.instant())));
        String after = mvc.perform(get("/supervision").session(auditor)).andReturn().getResponse()
                .getContentAsString();
        assertThat(count(after, "open-incidents")).isEqualTo(open + 1);
        assertThat(values(after, "chart-incidents-by-grade").get(1)).isEqualTo(byGrade.get(1) + 1);

        // closed, it no longer counts
        Actors.runAs(authority, () -> incidents.close(incident.id(), "看板测试：已关闭"));
        String closed = mvc.perform(get("/supervision").session(auditor)).andReturn().getResponse()
                .getContentAsString();
        assertThat(count(closed, "open-incidents")).isEqualTo(open);

        // the overdue security reports are those the reporting facade flags, each named
        List<OverdueReport> overdue = Actors.runAs(authority, reporting::overdue);
        assertThat(count(closed, "overdue-reports")).isEqualTo(overdue.size());
        for (OverdueReport report : overdue) {
            assertThat(closed).contains(report.operatorName() + " · " + report.period());
        }
    }

    private static long count(String page, String testId) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("data-testid=\"" + testId + "\">(\\d+)<")
                .matcher(page);
        assertThat(m.find()).as(testId).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static List<Long> values(String page, String testId) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("data-testid=\"" + testId
                + "\" data-labels=\"[^\"]*\" data-values=\"([^\"]*)\"").matcher(page);
        assertThat(m.find()).as(testId).isTrue();
        return java.util.Arrays.stream(m.group(1).split(",")).map(Long::parseLong).toList();
    }

    @Test
    void alert_isResolvedFromTheDashboard() throws Exception {
        clock.advanceToWeekday(java.time.LocalTime.of(10, 0));
        Actors.runAs(Actor.system(), supervision::evaluateMonitoring);
        String username = "page-" + UUID.randomUUID().toString().substring(0, 8);
        Actor actor = new Actor(UUID.randomUUID(), username, null, "", OrganizationType.OPERATOR,
                Set.of(Role.OPERATOR_ENGINEER), null);
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            for (int i = 0; i < 30; i++) {
                audit.record(new AuditEvent(actor, "sandbox.query.refused", "query", "q" + i, Outcome.REFUSED, "r",
                        Map.of()));
            }
        });
        Actors.runAs(Actor.system(), supervision::evaluateMonitoring);
        AlertView alert = Actors.runAs(Actor.system(), supervision::alerts).stream()
                .filter(a -> a.subject().equals(username) && a.rule() == MonitoringRuleCode.QUERY_PROBING)
                .findFirst().orElseThrow();
        MockHttpSession session = signIn("auditor");
        mvc.perform(get("/supervision").session(session))
                .andExpect(content().string(containsString("data-alert=\"" + alert.id() + "\"")));
        mvc.perform(post("/supervision/alerts/" + alert.id() + "/resolve").session(session).with(csrf())
                .header("HX-Request", "true").param("note", "已核实：测试账号")).andExpect(status().isOk());
        assertThat(Actors.runAs(Actor.system(), () -> supervision.alert(alert.id())).state())
                .isEqualTo(AlertState.RESOLVED);
    }

    @Test
    void incidentPlanReportInspectionAndResponsibilityPages_renderForTheirRoles() throws Exception {
        MockHttpSession bureau = signIn("bureau");
        for (String path : List.of("/supervision/incidents", "/supervision/plans", "/supervision/responsibilities",
                "/supervision/reports", "/supervision/inspections")) {
            mvc.perform(get(path).session(bureau)).andExpect(status().isOk());
        }
        MockHttpSession operator = signIn("operator");
        for (String path : List.of("/supervision/incidents", "/supervision/plans", "/supervision/reports")) {
            mvc.perform(get(path).session(operator)).andExpect(status().isOk());
        }
        mvc.perform(get("/supervision/responsibilities").session(operator)).andExpect(status().isForbidden());
        mvc.perform(get("/supervision/responsibilities").session(signIn("auditor")))
                .andExpect(content().string(containsString("data-testid=\"open-items\"")));
        String reports = mvc.perform(get("/supervision/reports").session(operator)).andReturn().getResponse()
                .getContentAsString();
        assertThat(reports).contains("name=\"management\"").contains("name=\"plans\"");
    }
}
