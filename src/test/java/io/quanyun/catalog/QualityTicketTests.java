package io.quanyun.catalog;

import static io.quanyun.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.shared.Zones;
import io.quanyun.support.PlatformTest;

/** Quality tickets (Art. 10, 12) from an operator's report to the provider's closing with a new version. */
@PlatformTest
class QualityTicketTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    String json(String path, String user, String body, int expected) throws Exception {
        return mvc.perform(post(path).header("Authorization", bearer(mvc, user))
                .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().is(expected)).andReturn().getResponse().getContentAsString();
    }

    @Test
    void ticket_fromReportToClosure_endToEnd() throws Exception {
        UUID dataset = CatalogIngestionTests.publish(mvc, "ticket_life");
        CatalogIngestionTests.upload(mvc, dataset, CatalogIngestionTests.goodCsv(), 201);

        // the operator reports a problem on a field; the deadline is ten days on
        String reported = json("/api/v1/catalog/tickets", "operator", """
                {"datasetId":"%s","fieldName":"amount","summary":"金额单位不一致","description":"部分记录疑为万元"}
                """.formatted(dataset), 201);
        UUID ticket = UUID.fromString(JsonPath.read(reported, "$.id"));
        assertThat((String) JsonPath.read(reported, "$.state")).isEqualTo("OPEN");
        Instant reportedAt = Instant.parse(JsonPath.read(reported, "$.reportedAt"));
        assertThat(Instant.parse(JsonPath.read(reported, "$.dueAt"))).isEqualTo(reportedAt.plus(Duration.ofDays(10)));

        // the provider sees it; another provider and the other operator do not
        mvc.perform(get("/api/v1/catalog/tickets").header("Authorization", bearer(mvc, "provider-tax")))
                .andExpect(jsonPath("$[?(@.id == '" + ticket + "')]").exists());
        mvc.perform(get("/api/v1/catalog/tickets/" + ticket).header("Authorization", bearer(mvc, "provider-health")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/catalog/tickets/" + ticket).header("Authorization", bearer(mvc, "operator2")))
                .andExpect(status().isNotFound());

        // only the provider answers, and it cannot close before answering
        json("/api/v1/catalog/tickets/" + ticket + "/answer", "operator", "{\"answer\":\"x\"}", 403);
        json("/api/v1/catalog/tickets/" + ticket + "/close", "provider-tax", "{\"fixedInVersion\":1}", 409);
        String answered = json("/api/v1/catalog/tickets/" + ticket + "/answer", "provider-tax",
                "{\"answer\":\"已核实，将重新导入\"}", 200);
        assertThat((String) JsonPath.read(answered, "$.state")).isEqualTo("ANSWERED");

        // the version that existed before the report does not fix it; a new one does
        json("/api/v1/catalog/tickets/" + ticket + "/close", "provider-tax", "{\"fixedInVersion\":1}", 400);
        CatalogIngestionTests.upload(mvc, dataset, CatalogIngestionTests.goodCsv(), 201);
        String closed = json("/api/v1/catalog/tickets/" + ticket + "/close", "provider-tax", "{\"fixedInVersion\":2}",
                200);
        assertThat((String) JsonPath.read(closed, "$.state")).isEqualTo("CLOSED");
        assertThat((Integer) JsonPath.read(closed, "$.fixedInVersion")).isEqualTo(2);
        json("/api/v1/catalog/tickets/" + ticket + "/reject", "provider-tax", "{\"reason\":\"late\"}", 409);

        // the reporter sees the closure; every step is audited
        mvc.perform(get("/api/v1/catalog/tickets/" + ticket).header("Authorization", bearer(mvc, "operator")))
                .andExpect(jsonPath("$.state").value("CLOSED"));
        assertThat(jdbc.sql("select action from audit_entry where object_id = :id and outcome = 'SUCCESS' order by seq")
                .param("id", ticket.toString()).query(String.class).list())
                .containsExactly("catalog.ticket.report", "catalog.ticket.answer", "catalog.ticket.close");
        // the console shows it to the parties, not to the public
        var session = (org.springframework.mock.web.MockHttpSession) mvc.perform(org.springframework.security.test.web
                .servlet.request.SecurityMockMvcRequestBuilders.formLogin("/login").user("operator")
                .password(io.quanyun.support.Api.PASSWORD)).andReturn().getRequest().getSession(false);
        assertThat(mvc.perform(get("/catalog/" + dataset).session(session)).andReturn().getResponse()
                .getContentAsString()).contains("金额单位不一致", "已关闭 v2");
        assertThat(mvc.perform(get("/catalog/tickets").session(session)).andReturn().getResponse()
                .getContentAsString()).contains("金额单位不一致");
        assertThat(mvc.perform(get("/catalog/" + dataset)).andReturn().getResponse().getContentAsString())
                .doesNotContain("金额单位不一致");
    }

    @Test
    void overdueTickets_areVisibleToTheAuthority_only() throws Exception {
        UUID dataset = CatalogIngestionTests.publish(mvc, "ticket_overdue");
        UUID ticket = UUID.fromString(JsonPath.read(json("/api/v1/catalog/tickets", "operator2",
                "{\"datasetId\":\"" + dataset + "\",\"summary\":\"缺少2022年数据\"}", 201), "$.id"));
        mvc.perform(get("/api/v1/catalog/tickets/overdue").header("Authorization", bearer(mvc, "bureau")))
                .andExpect(jsonPath("$[?(@.id == '" + ticket + "')]").doesNotExist());
        // eleven days pass without an answer
        jdbc.sql("update quality_ticket set reported_at = :r, due_at = :d where id = :id")
                .param("r", OffsetDateTime.now(Zones.SHANGHAI).minusDays(11))
                .param("d", OffsetDateTime.now(Zones.SHANGHAI).minusDays(1)).param("id", ticket).update();
        mvc.perform(get("/api/v1/catalog/tickets/overdue").header("Authorization", bearer(mvc, "bureau")))
                .andExpect(jsonPath("$[?(@.id == '" + ticket + "')].overdue").value(true));
        mvc.perform(get("/api/v1/catalog/tickets/overdue").header("Authorization", bearer(mvc, "operator2")))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/catalog/tickets/overdue")).andExpect(status().isForbidden());
        // a provider may still settle it late, by rejecting with a reason
        json("/api/v1/catalog/tickets/" + ticket + "/reject", "provider-tax", "{\"reason\":\"2022年不在登记范围\"}", 200);
    }

    @Test
    void onlyOperators_report_andOnPublishedDatasetsAndExistingFields() throws Exception {
        UUID dataset = CatalogIngestionTests.publish(mvc, "ticket_rules");
        json("/api/v1/catalog/tickets", "provider-tax", "{\"datasetId\":\"" + dataset + "\",\"summary\":\"s\"}", 403);
        json("/api/v1/catalog/tickets", "operator", "{\"datasetId\":\"" + dataset + "\",\"fieldName\":\"nope\","
                + "\"summary\":\"s\"}", 400);
        json("/api/v1/catalog/tickets", "operator", "{\"datasetId\":\"" + dataset + "\"}", 400);
    }

    @Test
    void ticketStates_allowOnlyTheirTransitions() {
        assertThat(TicketState.OPEN.next()).containsExactlyInAnyOrder(TicketState.ANSWERED, TicketState.REJECTED);
        assertThat(TicketState.ANSWERED.next()).containsExactlyInAnyOrder(TicketState.CLOSED, TicketState.REJECTED);
        assertThat(TicketState.CLOSED.isFinal()).isTrue();
        assertThat(TicketState.REJECTED.isFinal()).isTrue();
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        QualityTicket ticket = QualityTicket.report(UUID.randomUUID(), null, "s", "", UUID.randomUUID(), "op", now);
        assertThat(ticket.isOverdue(now.plus(Duration.ofDays(10)))).isFalse();
        assertThat(ticket.isOverdue(now.plus(Duration.ofDays(10)).plusSeconds(1))).isTrue();
        ticket.answer("a", "p", now);
        ticket.close(3, "p", now);
        assertThat(ticket.isOverdue(now.plus(Duration.ofDays(30)))).isFalse();
    }
}
