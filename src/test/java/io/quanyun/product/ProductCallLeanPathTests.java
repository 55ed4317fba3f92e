package io.quanyun.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quanyun.catalog.ConsentRegistry;
import io.quanyun.catalog.DatasetDirectory;
import io.quanyun.catalog.RecordConsent;
import io.quanyun.catalog.SubjectKind;
import io.quanyun.catalog.vault.DecryptedTable;
import io.quanyun.catalog.vault.Vault;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;
import io.quanyun.support.Api;
import io.quanyun.support.PlatformTest;

/**
 * The lean request path of product calls (ADR "Product call request path without the annotated-method
 * machinery"): a dedicated security chain with only the header writer, a request handler outside Spring MVC's
 * argument and return value machinery, precomputed answer bytes, no {@code http.server.requests} observation.
 * Every check stays: a missing or revoked key is refused at once, and every call, answered or refused, has its
 * meter row and audit entry committed when the response arrives.
 */
@PlatformTest
@Import(ConsumerTestGrants.class)
class ProductCallLeanPathTests {

    private static final String CALL_ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Autowired MockMvc mvc;
    @Autowired IdentityManagement identity;
    @Autowired ConsumerTestGrants.FixedConsumerGrant grants;
    @Autowired DatasetDirectory datasets;
    @Autowired ConsentRegistry consents;
    @Autowired Vault vault;
    @Autowired JdbcClient jdbc;
    @Autowired FilterChainProxy security;
    @Autowired MeterRegistry meters;

    CallFixtures fixtures;

    @BeforeEach
    void organizations() {
        fixtures = new CallFixtures(mvc, grants, datasets, vault, consents, jdbc, identity);
    }

    @Test
    void answeredCall_isExactlyTheFixedDocument_meteredAndAuditedWhenItArrives() throws Exception {
        String purpose = "lean-" + UUID.randomUUID().toString().substring(0, 8);
        UUID product = fixtures.listed(purpose);
        String key = fixtures.issueKey(fixtures.subscribe(product));
        String[] person = fixtures.person();
        fixtures.consent(person[0], purpose);
        double answeredBefore = timerCount("ANSWERED");
        long observedBefore = httpObservations();

        MvcResult result = call(product, key, CallFixtures.body(person[0], person[1])).andExpect(status().isOk())
                .andExpect(header().string("Content-Type", MediaType.APPLICATION_JSON_VALUE))
                .andExpect(header().string("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().doesNotExist("Set-Cookie")).andReturn();
        String content = result.getResponse().getContentAsString();
        assertThat(content).matches("\\{\"callId\":\"" + CALL_ID + "\",\"answer\":\"MATCH\"\\}");
        assertThat(result.getRequest().getSession(false)).as("no session for a call").isNull();
        String callId = JsonPath.read(content, "$.callId");
        // committed by the group committer before the response left: no waiting needed
        assertThat(fixtures.outcomeOf(callId)).isEqualTo("ANSWERED");
        assertThat(fixtures.auditedOutcomes(callId)).containsExactly("SUCCESS");

        call(product, key, CallFixtures.body(person[0], person[1] + "某")).andExpect(jsonPath("$.answer").value("NO_MATCH"));
        assertThat(timerCount("ANSWERED") - answeredBefore).isEqualTo(2.0);
        assertThat(httpObservations()).as("calls are timed by quanyun.product.calls, not http.server.requests")
                .isEqualTo(observedBefore);
    }

    @Test
    void missingUnknownAndRevokedKeys_areRefusedAtOnce_andEachRefusalIsMeteredAndAudited() throws Exception {
        String purpose = "lean-keys-" + UUID.randomUUID().toString().substring(0, 8);
        UUID product = fixtures.listed(purpose);
        UUID subscription = fixtures.subscribe(product);
        String key = fixtures.issueKey(subscription);
        String[] person = fixtures.person();
        fixtures.consent(person[0], purpose);
        double refusedBefore = timerCount("KEY_INVALID");

        MvcResult missing = mvc.perform(post("/api/v1/products/" + product + "/calls")
                .contentType(MediaType.APPLICATION_JSON).content(CallFixtures.body(person[0], person[1])))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:api_key_invalid"))
                .andExpect(jsonPath("$.code").value("api_key_invalid"))
                .andExpect(jsonPath("$.errors").isArray()).andReturn();
        String missingId = JsonPath.read(missing.getResponse().getContentAsString(), "$.callId");
        assertThat(fixtures.outcomeOf(missingId)).isEqualTo("KEY_INVALID");
        assertThat(fixtures.auditedOutcomes(missingId)).containsExactly("REFUSED");

        call(product, "qyc_unknown-key", CallFixtures.body(person[0], person[1])).andExpect(status().isUnauthorized());
        call(product, key, CallFixtures.body(person[0], person[1])).andExpect(status().isOk());
        UUID keyId = UUID.fromString(JsonPath.read(fixtures.as("bank", get("/api/v1/subscriptions/" + subscription))
                .andReturn().getResponse().getContentAsString(), "$.keys[0].id"));
        fixtures.as("bank", post("/api/v1/subscriptions/" + subscription + "/keys/" + keyId + "/revoke"))
                .andExpect(status().isOk());
        MvcResult revoked = call(product, key, CallFixtures.body(person[0], person[1])).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:api_key_invalid")).andReturn();
        String revokedId = JsonPath.read(revoked.getResponse().getContentAsString(), "$.callId");
        assertThat(fixtures.outcomeOf(revokedId)).isEqualTo("KEY_INVALID");
        assertThat(fixtures.auditedOutcomes(revokedId)).containsExactly("REFUSED");
        assertThat(timerCount("KEY_INVALID") - refusedBefore).isEqualTo(3.0);
    }

    @Test
    void malformedBody_andANonUuidProduct_areRefusedPrecisely() throws Exception {
        String purpose = "lean-body-" + UUID.randomUUID().toString().substring(0, 8);
        UUID product = fixtures.listed(purpose);
        String key = fixtures.issueKey(fixtures.subscribe(product));
        MvcResult malformed = call(product, key, "not json").andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
                .andExpect(jsonPath("$.code").value("malformed_request")).andReturn();
        assertThat(fixtures.outcomeOf(JsonPath.read(malformed.getResponse().getContentAsString(), "$.callId")))
                .isEqualTo("MALFORMED");
        call(product, key, "").andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("malformed_request"));
        // not a UUID: left to the annotated mapping, which names the parameter
        mvc.perform(post("/api/v1/products/------------------------------------/calls").header("X-Api-Key", key)
                .contentType(MediaType.APPLICATION_JSON).content("{}")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("id"));
    }

    @Test
    void callChain_isLean_headersOnly() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/products/" + UUID.randomUUID() + "/calls");
        request.setRequestURI(request.getRequestURI());
        SecurityFilterChain chain = security.getFilterChains().stream().filter(c -> c.matches(request)).findFirst()
                .orElseThrow();
        List<String> filters = chain.getFilters().stream().map(f -> f.getClass().getSimpleName()).toList();
        assertThat(filters).contains(HeaderWriterFilter.class.getSimpleName())
                .doesNotContain("SessionManagementFilter", "AuthorizationFilter", "LogoutFilter",
                        "SecurityContextHolderFilter", "AnonymousAuthenticationFilter", "ExceptionTranslationFilter",
                        "SecurityContextHolderAwareRequestFilter", "RequestCacheAwareFilter", "CsrfFilter");
    }

    // ------------------------------------------------------------------ helpers

    private double timerCount(String outcome) {
        Timer timer = meters.find("quanyun.product.calls").tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    private long httpObservations() {
        Timer timer = meters.find("http.server.requests").tag("uri", "/api/v1/products/{id}/calls").timer();
        return timer == null ? 0 : timer.count();
    }

    private ResultActions call(UUID product, String key, String body) throws Exception {
        return mvc.perform(post("/api/v1/products/" + product + "/calls").header("X-Api-Key", key)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }
}
