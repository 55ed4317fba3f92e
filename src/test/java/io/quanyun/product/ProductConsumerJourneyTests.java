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
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;

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
import io.quanyun.support.AuditedCalls;
import io.quanyun.support.Api;
import io.quanyun.support.PlatformTest;

/**
 * The consumer's journey over HTTP: an operator registers an identity verification (id-card number and name),
 * the authority reviews it as high risk with a second reviewer, the bank subscribes, gets its key once, calls
 * with consent records and consent tokens, is metered, audited and billed; suspension refuses calls at once,
 * delisting revokes the keys. Every refusal (no consent, bad token, bad key, revoked key, malformed input, over
 * quota, over rate) is precise and counted, and no call ever returns a stored value.
 */
@PlatformTest
@Import(ConsumerTestGrants.class)
class ProductConsumerJourneyTests {

    @Autowired MockMvc mvc;
    @Autowired IdentityManagement identity;
    @Autowired ConsumerTestGrants.FixedConsumerGrant grants;
    @Autowired DatasetDirectory datasets;
    @Autowired ConsentRegistry consents;
    @Autowired Vault vault;
    @Autowired JdbcClient jdbc;

    UUID operatorId;
    UUID bankId;
    List<String> responses = new ArrayList<>();

    record Person(String idNo, String name, String district) {
    }

    @BeforeEach
    void organizations() {
        grants.setState(io.quanyun.access.GrantState.ACTIVE);
        operatorId = organization(OrganizationType.OPERATOR, "泉城数据科技有限公司");
        bankId = organization(OrganizationType.CONSUMER, "泉城商业银行股份有限公司");
    }

    @Test
    void register_review_subscribe_call_meter_statement_suspend_delist() throws Exception {
        String purpose = "identity-check-" + UUID.randomUUID().toString().substring(0, 8);
        UUID product = register("身份核验-" + purpose, purpose, "PER_CALL", "0.10");
        operator(post("/api/v1/products/" + product + "/submit")).andExpect(status().isOk());
        review("bureau", product, "{\"approved\":true,\"riskLevel\":\"HIGH\",\"findings\":\"涉及姓名，高风险\",\"capPrice\":0.20}")
                .andExpect(jsonPath("$.state").value("UNDER_REVIEW"));
        review("district", product, "{\"approved\":true}").andExpect(jsonPath("$.state").value("LISTED"));

        // the bank browses and subscribes; the key is shown once and stored hashed
        String listed = bank(get("/api/v1/subscriptions/products")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(listed).contains(product.toString()).contains("\"inputs\":[\"id_no\",\"name\"]");
        UUID subscription = subscribe(product, 6, 100);
        String key = issueKey(subscription);
        String shown = bank(get("/api/v1/subscriptions/" + subscription)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(shown).doesNotContain(key).contains(key.substring(0, 10));
        assertThat(jdbc.sql("select count(*) from product_subscription_key where key_hash = :k").param("k", key)
                .query(Long.class).single()).as("the raw key is not stored").isZero();

        List<Person> people = people(3);
        Person withRecord = people.get(0);
        Person withToken = people.get(1);
        Person withNothing = people.get(2);
        String absent = ProductApiTests.validIdNumber("37010219000101999");
        consent(withRecord.idNo(), purpose);
        consent(absent, purpose);

        // answered: match, no match, not found (consent record); match with a consent token
        call(product, key, body(withRecord.idNo(), withRecord.name(), null)).andExpect(status().isOk())
                .andExpect(jsonPath("$.answer").value("MATCH"));
        call(product, key, body(withRecord.idNo(), withRecord.name() + "某", null))
                .andExpect(jsonPath("$.answer").value("NO_MATCH"));
        call(product, key, body(absent, "王某", null)).andExpect(jsonPath("$.answer").value("NOT_FOUND"));
        call(product, key, body(withToken.idNo(), withToken.name(), null)).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:subject_consent_missing"));
        String token = consentToken("provider", product, withToken.idNo(), bankId);
        call(product, key, body(withToken.idNo(), withToken.name(), token)).andExpect(status().isOk())
                .andExpect(jsonPath("$.answer").value("MATCH"));
        // a token is for one subject, product and caller, and cannot be altered
        call(product, key, body(withNothing.idNo(), withNothing.name(), token))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:consent_token_invalid"));
        call(product, key, body(withToken.idNo(), withToken.name(), token.substring(0, token.length() - 2) + "AA"))
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:consent_token_invalid"));
        consentToken("bank", product, withToken.idNo(), bankId, 403);

        // malformed input is refused precisely
        call(product, key, "{not json").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:malformed_request"));
        call(product, key, "{\"inputs\":{\"id_no\":\"370102199001011230\",\"district\":\"历下区\"},\"extra\":1}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:validation_failed"))
                .andExpect(jsonPath("$.errors[?(@.field=='inputs.name')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field=='inputs.district')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field=='extra')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field=='inputs.id_no')].message").value("身份号码校验不通过 (GB 11643 check failed)"));

        // keys: unknown, missing, revoked
        call(product, "qyc_not-a-key", body(withRecord.idNo(), withRecord.name(), null))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.type").value("urn:quanyun:error:api_key_invalid"));
        mvc.perform(post("/api/v1/products/" + product + "/calls").contentType(MediaType.APPLICATION_JSON)
                .content(body(withRecord.idNo(), withRecord.name(), null))).andExpect(status().isUnauthorized());
        String second = issueKey(subscription);
        call(product, second, body(withRecord.idNo(), withRecord.name(), null)).andExpect(status().isOk());
        UUID secondId = UUID.fromString(JsonPath.read(bank(get("/api/v1/subscriptions/" + subscription)).andReturn()
                .getResponse().getContentAsString(), "$.keys[0].id"));
        bank(post("/api/v1/subscriptions/" + subscription + "/keys/" + secondId + "/revoke")).andExpect(status().isOk());
        call(product, second, body(withRecord.idNo(), withRecord.name(), null)).andExpect(status().isUnauthorized());

        // quota of 6 answered calls: 5 used, one more, then 429 with Retry-After until next month
        call(product, key, body(withRecord.idNo(), withRecord.name(), null)).andExpect(status().isOk());
        call(product, key, body(withRecord.idNo(), withRecord.name(), null)).andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:quota_exceeded"))
                .andExpect(header().exists("Retry-After"));

        // nothing stored came back: no identifier, name or district of anyone in any response
        for (String response : responses) {
            for (Person person : people) {
                assertThat(response).doesNotContain(person.idNo()).doesNotContain(person.name())
                        .doesNotContain(person.district());
            }
        }

        // metered: statement and usage; every call audited with the subject's keyed hash only
        YearMonth month = YearMonth.now(ZoneId.of("Asia/Shanghai"));
        String statement = bank(get("/api/v1/subscriptions/" + subscription + "/statements/" + month))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(((Number) JsonPath.read(statement, "$.billableCalls")).longValue()).isEqualTo(6);
        assertThat(((Number) JsonPath.read(statement, "$.callsByOutcome.CONSENT_MISSING")).longValue()).isEqualTo(1);
        assertThat(((Number) JsonPath.read(statement, "$.callsByOutcome.CONSENT_TOKEN_INVALID")).longValue()).isEqualTo(2);
        assertThat(((Number) JsonPath.read(statement, "$.callsByOutcome.MALFORMED")).longValue()).isEqualTo(1);
        assertThat(((Number) JsonPath.read(statement, "$.callsByOutcome.INVALID_INPUT")).longValue()).isEqualTo(1);
        assertThat(((Number) JsonPath.read(statement, "$.callsByOutcome.QUOTA_EXCEEDED")).longValue()).isEqualTo(1);
        assertThat(((Number) JsonPath.read(statement, "$.amount")).doubleValue()).isEqualTo(0.6);
        String counts = operator(get("/api/v1/products/" + product + "/call-counts?month=" + month))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(((Number) JsonPath.read(counts, "$.KEY_INVALID")).longValue()).as("bad keys are counted").isEqualTo(3);
        bank(get("/api/v1/subscriptions/" + subscription + "/usage")).andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.outcome=='ANSWERED')].calls").value(6));
        long metered = jdbc.sql("select count(*) from product_call where product_id = :p").param("p", product)
                .query(Long.class).single();
        List<AuditedCalls.Call> auditedCalls = AuditedCalls.of(jdbc, product);
        long audited = auditedCalls.size();
        assertThat(audited).isEqualTo(metered).isEqualTo(responses.size() + 1);
        assertThat(auditedCalls).extracting(AuditedCalls.Call::id).as("each metered call audited once")
                .containsExactlyInAnyOrderElementsOf(jdbc.sql("select id from product_call where product_id = :p")
                        .param("p", product).query(UUID.class).list().stream().map(UUID::toString).toList());
        for (Person person : people) {
            assertThat(jdbc.sql("select count(*) from audit_entry where details like :v or details like :n")
                    .param("v", "%" + person.idNo() + "%").param("n", "%" + person.name() + "%").query(Long.class)
                    .single()).as("no identifier or name audited").isZero();
        }

        // suspension refuses at once; restoring answers again; delisting revokes the keys
        review("bureau", product, null);
        bureau(post("/api/v1/products/" + product + "/suspend").contentType(MediaType.APPLICATION_JSON)
                .content("{\"reason\":\"抽查\"}")).andExpect(status().isOk());
        call(product, key, body(withRecord.idNo(), withRecord.name(), null)).andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:product_not_listed"));
        bureau(post("/api/v1/products/" + product + "/restore")).andExpect(status().isOk());
        call(product, key, body(withRecord.idNo(), withRecord.name(), null)).andExpect(status().isTooManyRequests());
        operator(post("/api/v1/products/" + product + "/delist")).andExpect(status().isOk());
        call(product, key, body(withRecord.idNo(), withRecord.name(), null)).andExpect(status().isUnauthorized());
        bank(get("/api/v1/subscriptions/" + subscription)).andExpect(jsonPath("$.state").value("CANCELLED"));
        assertThat(AuditedCalls.count(jdbc, product)).isEqualTo(audited + 3);
    }

    @Test
    void overRate_isRefusedWithRetryAfter_andCounted() throws Exception {
        String purpose = "rate-" + UUID.randomUUID().toString().substring(0, 8);
        UUID product = listed("限速核验-" + purpose, purpose);
        UUID subscription = subscribe(product, 1000, 1);
        String key = issueKey(subscription);
        Person person = people(1).get(0);
        consent(person.idNo(), purpose);
        call(product, key, body(person.idNo(), person.name(), null)).andExpect(status().isOk());
        call(product, key, body(person.idNo(), person.name(), null)).andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:rate_limited"))
                .andExpect(header().string("Retry-After", "1"));
        String statement = bank(get("/api/v1/subscriptions/" + subscription + "/statements/"
                + YearMonth.now(ZoneId.of("Asia/Shanghai")))).andReturn().getResponse().getContentAsString();
        assertThat(((Number) JsonPath.read(statement, "$.callsByOutcome.RATE_LIMITED")).longValue()).isEqualTo(1);
        assertThat(((Number) JsonPath.read(statement, "$.refusedCalls")).longValue()).isEqualTo(1);
    }

    @Test
    void grantSuspended_refusesCallsAtOnce() throws Exception {
        String purpose = "grant-" + UUID.randomUUID().toString().substring(0, 8);
        UUID product = listed("授权跟随-" + purpose, purpose);
        String key = issueKey(subscribe(product, 1000, 100));
        Person person = people(1).get(0);
        consent(person.idNo(), purpose);
        call(product, key, body(person.idNo(), person.name(), null)).andExpect(status().isOk());
        try {
            grants.setState(io.quanyun.access.GrantState.SUSPENDED);
            org.springframework.context.ApplicationEventPublisher publisher = events;
            publisher.publishEvent(new io.quanyun.access.GrantSuspended(grants.grant().id(), operatorId, "test"));
            call(product, key, body(person.idNo(), person.name(), null)).andExpect(status().isConflict())
                    .andExpect(jsonPath("$.type").value("urn:quanyun:error:product_not_listed"));
        } finally {
            grants.setState(io.quanyun.access.GrantState.ACTIVE);
        }
    }

    @Test
    void consentWithdrawn_refusesCallsAtOnce_andARecordedConsentAnswersAtOnce() throws Exception {
        String purpose = "withdraw-" + UUID.randomUUID().toString().substring(0, 8);
        UUID product = listed("同意撤回-" + purpose, purpose);
        String key = issueKey(subscribe(product, 1000, 100));
        List<Person> people = people(2);
        Person person = people.get(0);
        Person later = people.get(1);
        UUID consent = Actors.runAs(Actor.system(), () -> consents.record(new RecordConsent(SubjectKind.PERSON,
                person.idNo(), purpose, operatorId, null, LocalDate.now().plusYears(1)))).id();
        // answered twice: the second answer comes from the cached consent answer
        call(product, key, body(person.idNo(), person.name(), null)).andExpect(jsonPath("$.answer").value("MATCH"));
        call(product, key, body(person.idNo(), person.name(), null)).andExpect(jsonPath("$.answer").value("MATCH"));
        call(product, key, body(later.idNo(), later.name(), null)).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:subject_consent_missing"));

        Actors.runAs(Actor.system(), () -> consents.withdraw(consent));
        call(product, key, body(person.idNo(), person.name(), null)).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:subject_consent_missing"));
        // a refusal was cached for the other subject: recording the consent answers at once
        consent(later.idNo(), purpose);
        call(product, key, body(later.idNo(), later.name(), null)).andExpect(jsonPath("$.answer").value("MATCH"));
    }

    @Test
    void subscribing_isForConsumersOnly_andOnce() throws Exception {
        String purpose = "once-" + UUID.randomUUID().toString().substring(0, 8);
        UUID product = listed("一次订阅-" + purpose, purpose);
        operator(post("/api/v1/subscriptions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"productId\":\"" + product + "\"}")).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:consumer_required"));
        subscribe(product, 10, 10);
        bank(post("/api/v1/subscriptions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"productId\":\"" + product + "\"}")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:subscription_exists"));
        bank(post("/api/v1/subscriptions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"productId\":\"" + product + "\",\"monthlyQuota\":0,\"ratePerSecond\":0}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.length()").value(2));
    }

    @Autowired org.springframework.context.ApplicationEventPublisher events;

    // ------------------------------------------------------------------ helpers

    private UUID register(String name, String purpose, String pricing, String fee) throws Exception {
        String body = """
                {"grantId":"%s","form":"DATA_VERIFICATION","name":"%s","description":"身份号码与姓名是否一致",
                 "pricingModel":"%s","fee":%s,"consentPurpose":"%s","verification":{"datasetCode":"person",
                 "subjectField":"id_no","attributeField":"name","comparison":"EQUALS"}}"""
                .formatted(grants.grant().id(), name, pricing, fee, purpose);
        return UUID.fromString(JsonPath.read(operator(post("/api/v1/products").contentType(MediaType.APPLICATION_JSON)
                .content(body)).andExpect(status().isCreated()).andReturn().getResponse().getContentAsString(), "$.id"));
    }

    private UUID listed(String name, String purpose) throws Exception {
        UUID product = register(name, purpose, "FREE", "null");
        operator(post("/api/v1/products/" + product + "/submit")).andExpect(status().isOk());
        review("bureau", product, "{\"approved\":true,\"riskLevel\":\"LOW\"}").andExpect(jsonPath("$.state").value("LISTED"));
        return product;
    }

    private UUID subscribe(UUID product, long quota, int rate) throws Exception {
        String created = bank(post("/api/v1/subscriptions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"productId\":\"%s\",\"monthlyQuota\":%d,\"ratePerSecond\":%d}".formatted(product, quota, rate)))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.state").value("ACTIVE")).andReturn()
                .getResponse().getContentAsString();
        return UUID.fromString(JsonPath.read(created, "$.id"));
    }

    private String issueKey(UUID subscription) throws Exception {
        return JsonPath.read(bank(post("/api/v1/subscriptions/" + subscription + "/keys"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString(), "$.key");
    }

    private String consentToken(String user, UUID product, String subject, UUID consumer) throws Exception {
        return JsonPath.read(consentToken(user, product, subject, consumer, 201).andReturn().getResponse()
                .getContentAsString(), "$.token");
    }

    private ResultActions consentToken(String user, UUID product, String subject, UUID consumer, int expected)
            throws Exception {
        return mvc.perform(post("/api/v1/consent-tokens").header("Authorization", Api.bearer(mvc, user))
                .contentType(MediaType.APPLICATION_JSON).content("{\"productId\":\"%s\",\"subject\":\"%s\",\"consumerId\":\"%s\"}"
                        .formatted(product, subject, consumer))).andExpect(status().is(expected));
    }

    private static String body(String idNo, String name, String token) {
        return "{\"inputs\":{\"id_no\":\"" + idNo + "\",\"name\":\"" + name + "\"}"
                + (token == null ? "" : ",\"consentToken\":\"" + token + "\"") + "}";
    }

    private ResultActions call(UUID product, String key, String body) throws Exception {
        ResultActions result = mvc.perform(post("/api/v1/products/" + product + "/calls").header("X-Api-Key", key)
                .contentType(MediaType.APPLICATION_JSON).content(body));
        responses.add(result.andReturn().getResponse().getContentAsString());
        return result;
    }

    private ResultActions review(String user, UUID id, String body) throws Exception {
        if (body == null) {
            return null;
        }
        return as(user, post("/api/v1/products/" + id + "/reviews").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions operator(MockHttpServletRequestBuilder request) throws Exception {
        return as("operator", request);
    }

    private ResultActions bank(MockHttpServletRequestBuilder request) throws Exception {
        return as("bank", request);
    }

    private ResultActions bureau(MockHttpServletRequestBuilder request) throws Exception {
        return as("bureau", request);
    }

    private ResultActions as(String user, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.header("Authorization", Api.bearer(mvc, user)));
    }

    private void consent(String idNo, String purpose) {
        Actors.runAs(Actor.system(), () -> consents.record(new RecordConsent(SubjectKind.PERSON, idNo, purpose,
                operatorId, null, LocalDate.now().plusYears(1))));
    }

    private UUID organization(OrganizationType type, String name) {
        return identity.organizationsOfType(type).stream().filter(o -> o.name().equals(name)).findFirst()
                .orElseThrow().id();
    }

    /** People of the version the catalog serves, with well-formed identity numbers and distinct names. */
    private List<Person> people(int count) throws Exception {
        var descriptor = datasets.findByCode("person").orElseThrow();
        List<Person> found = new ArrayList<>();
        try (DecryptedTable table = vault.open(descriptor.id().toString(), descriptor.currentVersion());
                Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id_no, name, district FROM read_parquet('"
                        + table.path() + "') WHERE name IS NOT NULL ORDER BY random() LIMIT 2000")) {
            java.util.Set<String> names = new java.util.HashSet<>();
            while (rows.next() && found.size() < count) {
                String idNo = rows.getString(1);
                if (idNo == null || idNo.length() != 18 || !ProductApiTests.validIdNumber(idNo.substring(0, 17)).equals(idNo)
                        || !names.add(rows.getString(2))) {
                    continue;
                }
                found.add(new Person(idNo, rows.getString(2), rows.getString(3)));
            }
        }
        assertThat(found).hasSize(count);
        return found;
    }
}
