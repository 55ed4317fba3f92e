package io.quanyun.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.quanyun.catalog.CatalogManagement;
import io.quanyun.support.Api;

/** The console pages: filing and amending for operators, the approval queue, grants with their responsible people. */
@AccessTest
class AccessPagesTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired InMemoryAgreements agreements;
    @Autowired CatalogManagement catalog;
    @Autowired MutableClock clock;
    AccessFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new AccessFixture(mvc, jdbc, agreements, catalog, clock);
    }

    MockHttpSession signIn(String username) throws Exception {
        var result = mvc.perform(formLogin("/login").user(username).password(Api.PASSWORD))
                .andExpect(redirectedUrl("/home")).andReturn();
        return (MockHttpSession) result.getRequest().getSession(false);
    }

    @Test
    void operator_seesTheFilingForm_andTheDemoGrantWithItsResponsiblePeople() throws Exception {
        MockHttpSession operator = signIn("operator");
        mvc.perform(get("/home").session(operator))
                .andExpect(content().string(containsString("href=\"/access/requests\"")))
                .andExpect(content().string(not(containsString("href=\"/access/approvals\""))));
        mvc.perform(get("/access/requests").session(operator)).andExpect(status().isOk())
                .andExpect(content().string(containsString("data-testid=\"file-request\"")))
                .andExpect(content().string(containsString(DemoAccess.SCENARIO)))
                .andExpect(content().string(containsString("enterprise.reg_capital")));
        mvc.perform(get("/access/grants").session(operator)).andExpect(status().isOk())
                .andExpect(content().string(containsString(DemoAccess.SCENARIO)))
                .andExpect(content().string(containsString("张伟")))
                .andExpect(content().string(containsString("济南市大数据局")));
        mvc.perform(get("/access/grants").session(operator).param("lang", "en"))
                .andExpect(content().string(containsString("Data use grants")));
    }

    @Test
    void filingAndApproving_throughTheConsole() throws Exception {
        AgreementTerms agreement = fixture.agreement("operator", "enterprise");
        MockHttpSession operator = signIn("operator");
        // an incomplete form comes back as the problem fragment in the message area
        mvc.perform(post("/access/requests").session(operator).with(csrf()).header("HX-Request", "true")
                .param("agreementId", agreement.agreementId().toString()).param("name", ""))
                .andExpect(status().isOk()).andExpect(header().string("HX-Retarget", "#messages"))
                .andExpect(content().string(containsString("validation_failed")));
        String name = AccessFixture.unique("console");
        var filed = mvc.perform(post("/access/requests").session(operator).with(csrf()).header("HX-Request", "true")
                .param("agreementId", agreement.agreementId().toString()).param("name", name)
                .param("description", "按区县统计企业").param("purpose", "产业分析")
                .param("intendedProducts", "区县企业报告\n企业分布数据服务").param("durationDays", "90")
                .param("fields", "enterprise.district", "enterprise.reg_capital"))
                .andExpect(status().isOk()).andReturn();
        String location = filed.getResponse().getHeader("HX-Redirect");
        assertThat(location).startsWith("/access/requests/");
        String id = location.substring("/access/requests/".length());
        mvc.perform(get(location).session(operator)).andExpect(status().isOk())
                .andExpect(content().string(containsString(name)))
                .andExpect(content().string(containsString("data-testid=\"amend-request\"")))
                .andExpect(content().string(containsString("区县企业报告")));
        mvc.perform(post(location + "/submit").session(operator).with(csrf()))
                .andExpect(redirectedUrl(location));

        MockHttpSession bureau = signIn("bureau");
        mvc.perform(get("/access/approvals").session(bureau)).andExpect(content().string(containsString(name)));
        mvc.perform(get(location).session(bureau)).andExpect(content().string(containsString("data-testid=\"approve\"")))
                .andExpect(content().string(containsString("minimumGroupSize")));
        mvc.perform(post(location + "/approve").session(bureau).with(csrf()).param("minimumGroupSize", "15"))
                .andExpect(redirectedUrl(location));
        MockHttpSession market = signIn("provider-market");
        mvc.perform(get(location).session(market)).andExpect(content().string(containsString("data-testid=\"approve\"")))
                .andExpect(content().string(not(containsString("minimumGroupSize"))));
        mvc.perform(post(location + "/approve").session(market).with(csrf())).andExpect(redirectedUrl(location));
        mvc.perform(get(location).session(operator)).andExpect(content().string(containsString("已批准")))
                .andExpect(content().string(containsString("data-testid=\"grant-link\"")));

        String grantId = jdbc.sql("select grant_id from scenario_request where id = ?").param(UUID.fromString(id))
                .query(UUID.class).single().toString();
        mvc.perform(get("/access/grants/" + grantId).session(bureau))
                .andExpect(content().string(containsString("data-testid=\"suspend\"")))
                // who supervises it and who answers for it (Art. 14)
                .andExpect(content().string(containsString("data-testid=\"authorizer\">济南市大数据局<")))
                .andExpect(content().string(containsString("data-testid=\"responsible\">张伟<")))
                .andExpect(content().string(containsString("15")));
        mvc.perform(post("/access/grants/" + grantId + "/suspend").session(bureau).with(csrf()).param("reason", "检查"))
                .andExpect(redirectedUrl("/access/grants/" + grantId));
        mvc.perform(get("/access/grants/" + grantId).session(operator))
                .andExpect(content().string(containsString("已暂停")))
                .andExpect(content().string(not(containsString("data-testid=\"restore\""))));
        // the operator cannot act on grants through the console either
        mvc.perform(post("/access/grants/" + grantId + "/restore").session(operator).with(csrf())
                .header("HX-Request", "true"))
                .andExpect(content().string(containsString("forbidden")));
    }
}
