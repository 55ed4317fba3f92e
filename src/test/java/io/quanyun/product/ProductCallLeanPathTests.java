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

    UUID operatorId;

    @BeforeEach
    void organizations() {
        grants.setState(io.quanyun.access.GrantState.ACTIVE);
        operatorId = identity.organizationsOfType(OrganizationType.OPERATOR).stream()
                .filter(o -> o.name().equals("泉城数据科技有限公司")).findFirst().orElseThrow().id();
    }

    @Test
    void answeredCall_isExactlyTheFixedDocument_meteredAndAuditedWhenItArrives() throws Exception {
        String purpose = "lean-" + UUID.randomUUID().toString().substring(0, 8);
        UUID product = listed(purpose);
        String key = issueKey(subscribe(product));
        String[] person = person();
        consent(person[0], purpose);
        double answeredBefore = timerCount("ANSWERED");
        long observedBefore = httpObservations();

        MvcResult result = call(product, key, body(person[0], person[1])).andExpect(status().isOk())
                .andExpect(header().string("Content-Type", MediaType.APPLICATION_JSON_VALUE))
                .andExpect(header().string("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().doesNotExist("Set-Cookie")).andReturn();
        String content = result.getResponse().getContentAsString();
        assertThat(content).matches("\\{\"callId\":\"" + CALL_ID + "\",\"answer\":\"MATCH\"\\}");
        assertThat(result.getRequest().getSession(false)).as("no session for a call").isNull();
        String callId = JsonPath.read(content, "$.callId");
        // committed by the group committer before the response left: no waiting needed
        assertThat(outcomeOf(callId)).isEqualTo("ANSWERED");
        assertThat(auditedOutcomes(callId)).containsExactly("SUCCESS");

        call(product, key, body(person[0], person[1] + "某")).andExpect(jsonPath("$.answer").value("NO_MATCH"));
        assertThat(timerCount("ANSWERED") - answeredBefore).isEqualTo(2.0);
        assertThat(httpObservations()).as("calls are timed by quanyun.product.calls, not http.server.requests")
                .isEqualTo(observedBefore);
    }

    @Test
    void missingUnknownAndRevokedKeys_areRefusedAtOnce_andEachRefusalIsMeteredAndAudited() throws Exception {
        String purpose = "lean-keys-" + UUID.randomUUID().toString().substring(0, 8);
        UUID product = listed(purpose);
        UUID subscription = subscribe(product);
        String key = issueKey(subscription);
        String[] person = person();
        consent(person[0], purpose);
        double refusedBefore = timerCount("KEY_INVALID");

        MvcResult missing = mvc.perform(post("/api/v1/products/" + product + "/calls")
                .contentType(MediaType.APPLICATION_JSON).content(body(person[0], person[1])))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:api_key_invalid"))
                .andExpect(jsonPath("$.code").value("api_key_invalid"))
                .andExpect(jsonPath("$.errors").isArray()).andReturn();
        String missingId = JsonPath.read(missing.getResponse().getContentAsString(), "$.callId");
        assertThat(outcomeOf(missingId)).isEqualTo("KEY_INVALID");
        assertThat(auditedOutcomes(missingId)).containsExactly("REFUSED");

        call(product, "qyc_unknown-key", body(person[0], person[1])).andExpect(status().isUnauthorized());
        call(product, key, body(person[0], person[1])).andExpect(status().isOk());
        UUID keyId = UUID.fromString(JsonPath.read(as("bank", get("/api/v1/subscriptions/" + subscription))
                .andReturn().getResponse().getContentAsString(), "$.keys[0].id"));
        as("bank", post("/api/v1/subscriptions/" + subscription + "/keys/" + keyId + "/revoke"))
                .andExpect(status().isOk());
        MvcResult revoked = call(product, key, body(person[0], person[1])).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:api_key_invalid")).andReturn();
        String revokedId = JsonPath.read(revoked.getResponse().getContentAsString(), "$.callId");
        assertThat(outcomeOf(revokedId)).isEqualTo("KEY_INVALID");
        assertThat(auditedOutcomes(revokedId)).containsExactly("REFUSED");
        assertThat(timerCount("KEY_INVALID") - refusedBefore).isEqualTo(3.0);
    }

    @Test
    void malformedBody_andANonUuidProduct_areRefusedPrecisely() throws Exception {
        String purpose = "lean-body-" + UUID.randomUUID().toString().substring(0, 8);
        UUID product = listed(purpose);
        String key = issueKey(subscribe(product));
        MvcResult malformed = call(product, key, "not json").andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
                .andExpect(jsonPath("$.code").value("malformed_request")).andReturn();
        assertThat(outcomeOf(JsonPath.read(malformed.getResponse().getContentAsString(), "$.callId")))
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

    private String outcomeOf(String callId) {
        return jdbc.sql("select outcome from product_call where id = :id").param("id", UUID.fromString(callId))
                .query(String.class).single();
    }

    private List<String> auditedOutcomes(String callId) {
        return jdbc.sql("select outcome from audit_entry where action = 'product.calls' and details like :call")
                .param("call", "%" + callId + "%").query(String.class).list();
    }

    private UUID listed(String purpose) throws Exception {
        String body = """
                {"grantId":"%s","form":"DATA_VERIFICATION","name":"精简路径-%s","description":"身份号码与姓名是否一致",
                 "pricingModel":"FREE","fee":null,"consentPurpose":"%s","verification":{"datasetCode":"person",
                 "subjectField":"id_no","attributeField":"name","comparison":"EQUALS"}}"""
                .formatted(grants.grant().id(), purpose, purpose);
        UUID product = UUID.fromString(JsonPath.read(as("operator", post("/api/v1/products")
                .contentType(MediaType.APPLICATION_JSON).content(body)).andExpect(status().isCreated()).andReturn()
                .getResponse().getContentAsString(), "$.id"));
        as("operator", post("/api/v1/products/" + product + "/submit")).andExpect(status().isOk());
        as("bureau", post("/api/v1/products/" + product + "/reviews").contentType(MediaType.APPLICATION_JSON)
                .content("{\"approved\":true,\"riskLevel\":\"LOW\"}")).andExpect(jsonPath("$.state").value("LISTED"));
        return product;
    }

    private UUID subscribe(UUID product) throws Exception {
        String created = as("bank", post("/api/v1/subscriptions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"productId\":\"%s\",\"monthlyQuota\":100,\"ratePerSecond\":100}".formatted(product)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return UUID.fromString(JsonPath.read(created, "$.id"));
    }

    private String issueKey(UUID subscription) throws Exception {
        return JsonPath.read(as("bank", post("/api/v1/subscriptions/" + subscription + "/keys"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString(), "$.key");
    }

    private ResultActions call(UUID product, String key, String body) throws Exception {
        return mvc.perform(post("/api/v1/products/" + product + "/calls").header("X-Api-Key", key)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions as(String user, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.header("Authorization", Api.bearer(mvc, user)));
    }

    private static String body(String idNo, String name) {
        return "{\"inputs\":{\"id_no\":\"" + idNo + "\",\"name\":\"" + name + "\"}}";
    }

    private void consent(String idNo, String purpose) {
        Actors.runAs(Actor.system(), () -> consents.record(new RecordConsent(SubjectKind.PERSON, idNo, purpose,
                operatorId, null, LocalDate.now().plusYears(1))));
    }

    /** One person of the served version with a well-formed identity number: {id_no, name}. */
    private String[] person() throws Exception {
        var descriptor = datasets.findByCode("person").orElseThrow();
        try (DecryptedTable table = vault.open(descriptor.id().toString(), descriptor.currentVersion());
                Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id_no, name FROM read_parquet('" + table.path()
                        + "') WHERE name IS NOT NULL ORDER BY random() LIMIT 500")) {
            while (rows.next()) {
                String idNo = rows.getString(1);
                if (idNo != null && idNo.length() == 18
                        && ProductApiTests.validIdNumber(idNo.substring(0, 17)).equals(idNo)) {
                    return new String[] {idNo, rows.getString(2)};
                }
            }
        }
        throw new AssertionError("no person with a well-formed identity number");
    }
}
