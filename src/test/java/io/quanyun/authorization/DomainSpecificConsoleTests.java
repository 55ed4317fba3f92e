package io.quanyun.authorization;

import static io.quanyun.authorization.ConsoleSessions.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.catalog.DatasetDirectory;
import io.quanyun.shared.Zones;
import io.quanyun.support.MutableClock;
import io.quanyun.support.PlatformTest;
import io.quanyun.support.WithoutDemoSandbox;

/**
 * Domain-specific authorization in the console (Art. 7, 8(3), 8(4)): the authority drafts naming the provider, the
 * provider concurs before the authority may publish; the provider drafts its own call and concurs by drafting it;
 * the provider (not the authority) signs the agreement as authorizer and alone may terminate it early.
 */
@PlatformTest
@Import({MutableClock.Configuration.class, WithoutDemoSandbox.class})
class DomainSpecificConsoleTests {

    static final byte[] PDF = "%PDF-1.4\n% test document\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired JdbcClient jdbc;
    @Autowired DatasetDirectory datasets;

    ConsoleSessions console;

    @BeforeEach
    void setUp() {
        console = new ConsoleSessions(mvc);
    }

    String[] form(String title, String... extra) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        java.util.List<String> params = new java.util.ArrayList<>(java.util.List.of("title", title, "mode", "DOMAIN_SPECIFIC",
                "datasetIds", datasets.findByCode("clinic_visit").orElseThrow().id().toString(),
                "requirementLabel0", "营业执照", "requirementCode0", "business_licence", "requirementRequired0", "on",
                "criterionName0", "运营方案", "criterionWeight0", "50", "criterionName1", "安全能力", "criterionWeight1", "50",
                "opensAt", CallDraftingConsoleTests.LOCAL.format(now.minus(Duration.ofMinutes(1)).atZone(Zones.SHANGHAI)),
                "closesAt", CallDraftingConsoleTests.LOCAL.format(now.plus(Duration.ofDays(5)).atZone(Zones.SHANGHAI)),
                "noticeDays", "7", "termMonths", "12"));
        params.addAll(java.util.List.of(extra));
        return params.toArray(String[]::new);
    }

    String organization(String name) {
        return jdbc.sql("select id from organization where name = ?").param(name).query(UUID.class).single().toString();
    }

    String callTitled(String title) {
        return jdbc.sql("select id from authorization_call where title = ?").param(title).query(UUID.class).single()
                .toString();
    }

    String state(String table, String id) {
        return jdbc.sql("select state from " + table + " where id = ?").param(UUID.fromString(id)).query(String.class)
                .single();
    }

    @Test
    void providerDraftsItsOwnCall_concurringByDrafting_andTheAuthorityPublishes() throws Exception {
        String title = "卫健分领域起草" + System.nanoTime() % 100000;
        MockHttpSession health = console.signIn("provider-health");
        // a provider may not put another provider's data into its call
        assertThat(body(console.htmx(health, "/authorization/calls", form(title, "datasetIds",
                datasets.findByCode("person").orElseThrow().id().toString())))).contains("分领域授权只含授权方自己的数据集");
        console.htmx(health, "/authorization/calls", form(title)).andExpect(header().exists("HX-Redirect"));
        String call = callTitled(title);
        assertThat(jdbc.sql("select provider_concurred_by from authorization_call where id = ?")
                .param(UUID.fromString(call)).query(String.class).single()).isEqualTo("provider-health");
        // the provider sees its draft, but publishing is the authority's
        assertThat(console.page(health, "/authorization/calls/" + call)).contains("已于").doesNotContain("publish-call");
        MockHttpSession bureau = console.signIn("bureau");
        assertThat(console.page(bureau, "/authorization")).contains("申报公告「" + title + "」待发布");
        console.htmx(bureau, "/authorization/calls/" + call + "/publication").andExpect(header().exists("HX-Redirect"));
        assertThat(state("authorization_call", call)).isEqualTo("PUBLISHED");
    }

    @Test
    void authorityDraftsForTheProvider_whoConcurs_signsAsAuthorizer_andTerminates() throws Exception {
        String title = "大数据局起草卫健分领域" + System.nanoTime() % 100000;
        String healthCommission = organization("济南市卫生健康委员会");
        MockHttpSession bureau = console.signIn("bureau");
        console.htmx(bureau, "/authorization/calls", form(title, "providerId", healthCommission))
                .andExpect(header().exists("HX-Redirect"));
        String call = callTitled(title);
        assertThat(jdbc.sql("select authorizer_id from authorization_call where id = ?").param(UUID.fromString(call))
                .query(UUID.class).single().toString()).isEqualTo(healthCommission);

        // the authority may not publish before the provider concurred; the refusal is in the page and audited
        assertThat(console.page(bureau, "/authorization/calls/" + call)).contains("data-testid=\"awaiting-concurrence\"");
        assertThat(body(console.htmx(bureau, "/authorization/calls/" + call + "/publication")))
                .contains("provider_concurrence_missing");
        assertThat(state("authorization_call", call)).isEqualTo("DRAFT");
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'authorization.call.publish' and object_id = ? "
                + "and outcome = 'REFUSED'").param(call).query(Long.class).single()).isEqualTo(1);

        // another provider may not concur; the named provider sees the task and the button
        MockHttpSession tax = console.signIn("provider-tax");
        assertThat(body(console.htmx(tax, "/authorization/calls/" + call + "/concurrence"))).contains("not_found");
        MockHttpSession health = console.signIn("provider-health");
        assertThat(console.page(health, "/authorization")).contains("待本单位会同确认");
        assertThat(console.page(health, "/authorization/calls/" + call)).contains("data-testid=\"concur-form\"");
        console.htmx(health, "/authorization/calls/" + call + "/concurrence")
                .andExpect(header().string("HX-Redirect", "/authorization/calls/" + call));
        assertThat(body(console.htmx(health, "/authorization/calls/" + call + "/concurrence")))
                .contains("illegal_state_transition");
        assertThat(console.page(health, "/authorization/calls/" + call)).doesNotContain("concur-form");
        console.htmx(bureau, "/authorization/calls/" + call + "/publication").andExpect(header().exists("HX-Redirect"));
        assertThat(state("authorization_call", call)).isEqualTo("PUBLISHED");

        // apply, review, notice, conclude
        String application = JsonPath.read(body(console.api("operator2", multipart("/api/v1/calls/" + call + "/applications")
                .file(new MockMultipartFile("business_licence", "营业执照.pdf", "application/pdf", PDF))
                .param("scenarios", "商业健康保险理赔核验")).andExpect(status().isCreated())), "$.id");
        // the provider, organizing the review together with the authority, sees the application
        assertThat(console.page(health, "/authorization/calls/" + call)).contains("齐鲁征信服务有限公司");
        clock.advance(Duration.ofDays(6));
        String expert3 = jdbc.sql("select id from app_user where username = 'expert3'").query(UUID.class).single().toString();
        String review = JsonPath.<java.util.List<String>>read(body(console.json("bureau", post("/api/v1/calls/" + call + "/reviews"),
                "{\"expertUserIds\":[\"" + expert3 + "\"]}").andExpect(status().isOk())), "$[*].id").get(0);
        console.json("expert3", post("/api/v1/reviews/" + review + "/declaration"), "{\"conflictedApplicationIds\":[]}")
                .andExpect(status().isOk());
        console.json("expert3", put("/api/v1/reviews/" + review + "/scores/" + application), """
                {"scores":[{"criterionCode":"C1","score":80,"comment":"好"},{"criterionCode":"C2","score":90,"comment":"好"}]}
                """).andExpect(status().isOk());
        console.api("expert3", post("/api/v1/reviews/" + review + "/submission")).andExpect(status().isOk());
        console.json("bureau", post("/api/v1/calls/" + call + "/notice"), "{\"applicationIds\":[\"" + application + "\"]}")
                .andExpect(status().isOk());
        clock.advance(Duration.ofDays(8));
        console.api("bureau", post("/api/v1/calls/" + call + "/conclusion")).andExpect(status().isOk());
        String agreement = jdbc.sql("select id from authorization_agreement where call_id = ?")
                .param(UUID.fromString(call)).query(UUID.class).single().toString();
        assertThat(jdbc.sql("select authorizer_id from authorization_agreement where id = ?")
                .param(UUID.fromString(agreement)).query(UUID.class).single().toString()).isEqualTo(healthCommission);

        // the operator signs, then the provider (not the authority) signs as authorizer in the page
        console.api("operator2", post("/api/v1/agreements/" + agreement + "/signatures")).andExpect(status().isOk());
        bureau = console.signIn("bureau");
        health = console.signIn("provider-health");
        assertThat(console.page(bureau, "/authorization/agreements/" + agreement)).doesNotContain("data-testid=\"sign\"");
        console.api("bureau", post("/api/v1/agreements/" + agreement + "/signatures")).andExpect(status().isForbidden());
        assertThat(console.page(health, "/authorization")).contains("待您签署");
        assertThat(console.page(health, "/authorization/agreements/" + agreement)).contains("data-testid=\"sign\"");
        console.htmx(health, "/authorization/agreements/" + agreement + "/signatures").andExpect(header().exists("HX-Redirect"));
        assertThat(state("authorization_agreement", agreement)).isEqualTo("ACTIVE");
        assertThat(jdbc.sql("select organization_id from agreement_signature where agreement_id = ? and party = 'AUTHORIZER'")
                .param(UUID.fromString(agreement)).query(UUID.class).single().toString()).isEqualTo(healthCommission);

        // early termination is the provider's: the authority is offered no form and is refused
        assertThat(console.page(bureau, "/authorization/agreements/" + agreement)).doesNotContain("terminate-form");
        assertThat(body(console.htmx(bureau, "/authorization/agreements/" + agreement + "/termination", "reason", "越权终止")))
                .contains("forbidden");
        assertThat(console.page(health, "/authorization/agreements/" + agreement)).contains("data-testid=\"terminate-form\"");
        assertThat(body(console.htmx(health, "/authorization/agreements/" + agreement + "/termination", "reason", " ")))
                .contains("validation_failed", "终止须说明理由");
        assertThat(state("authorization_agreement", agreement)).isEqualTo("ACTIVE");
        console.htmx(health, "/authorization/agreements/" + agreement + "/termination", "reason", "运营单位违反数据安全要求")
                .andExpect(header().string("HX-Redirect", "/authorization/agreements/" + agreement));
        assertThat(state("authorization_agreement", agreement)).isEqualTo("TERMINATED");
        assertThat(console.page(health, "/authorization/agreements/" + agreement)).contains("运营单位违反数据安全要求")
                .doesNotContain("terminate-form");
        console.api("operator2", get("/api/v1/agreements/" + agreement)).andExpect(jsonPath("$.state").value("TERMINATED"));
        // the record and its signed PDF stay readable from the console for the parties
        byte[] pdf = mvc.perform(get("/authorization/agreements/" + agreement + "/document").session(health))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        assertThat(io.quanyun.audit.Sm3.hex(pdf)).isEqualTo(jdbc.sql("select document_hash from authorization_agreement "
                + "where id = ?").param(UUID.fromString(agreement)).query(String.class).single());
        assertThat(mvc.perform(get("/authorization/agreements/" + agreement + "/document")
                .session(console.signIn("operator"))).andReturn().getResponse().getStatus()).isEqualTo(404);
    }
}
