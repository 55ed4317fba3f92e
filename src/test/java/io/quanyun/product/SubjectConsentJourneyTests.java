package io.quanyun.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.catalog.DatasetDirectory;
import io.quanyun.catalog.vault.DecryptedTable;
import io.quanyun.catalog.vault.MasterKey;
import io.quanyun.catalog.vault.Vault;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.shared.OrganizationType;
import io.quanyun.support.Api;
import io.quanyun.support.PlatformTest;

/**
 * The data subject's consent channel end to end: the identity provider opens a subject session, the person issues
 * a consent token for one product and the bank, the bank's call with it is answered, the person revokes it and the
 * next call is refused with {@code consent_token_revoked}, counted in the statement and audited; the revocation
 * survives a restart (reloaded from the table). Then the product jobs, on a clock moved 40 days on, settle the
 * answered calls and produce the month's statement once.
 */
@PlatformTest
@Import(ConsumerTestGrants.class)
class SubjectConsentJourneyTests {

    static final String PROVIDER_KEY = "qyi_dev-identity-provider-2026";

    @Autowired MockMvc mvc;
    @Autowired IdentityManagement identity;
    @Autowired ConsumerTestGrants.FixedConsumerGrant grants;
    @Autowired DatasetDirectory datasets;
    @Autowired Vault vault;
    @Autowired JdbcClient jdbc;
    @Autowired MasterKey masterKey;
    @Autowired ProductPricing pricing;
    @Autowired SubscriptionManagement subscriptions;
    @Autowired ConsentTokenRecords records;
    @Autowired io.quanyun.audit.AuditTrail auditTrail;
    @Autowired io.quanyun.catalog.ConsentRegistry consentRegistry;

    @Test
    void subjectIssues_callAnswered_subjectRevokes_callRefusedAtOnce_countedAndAudited() throws Exception {
        grants.setState(io.quanyun.access.GrantState.ACTIVE);
        UUID bankId = organization(OrganizationType.CONSUMER, "泉城商业银行股份有限公司");
        String purpose = "subject-" + UUID.randomUUID().toString().substring(0, 8);
        UUID product = listedPerCall("个人授权核验-" + purpose, purpose);
        UUID subscription = UUID.fromString(JsonPath.read(as("bank", post("/api/v1/subscriptions")
                .contentType(MediaType.APPLICATION_JSON).content("{\"productId\":\"" + product + "\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString(), "$.id"));
        String key = JsonPath.read(as("bank", post("/api/v1/subscriptions/" + subscription + "/keys"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString(), "$.key");
        String[] person = person();

        // only the trusted identity provider opens a session, and only for a well-formed identity number
        mvc.perform(post("/api/v1/subject/sessions").header("X-Identity-Provider-Key", "qyi_wrong")
                .contentType(MediaType.APPLICATION_JSON).content("{\"subject\":\"" + person[0] + "\"}"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:identity_provider_unknown"));
        mvc.perform(post("/api/v1/subject/sessions").header("X-Identity-Provider-Key", PROVIDER_KEY)
                .contentType(MediaType.APPLICATION_JSON).content("{\"subject\":\"370102199001011239\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("subject"));
        String session = openSession(person[0]);
        mvc.perform(get("/api/v1/subject/consent-tokens").header("X-Subject-Session", "qys_forged"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:subject_session_invalid"));
        subject(session, get("/api/v1/subject/choices")).andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.productId=='" + product + "' && @.consumerId=='" + bankId + "')]").exists());

        // issue for this product and the bank; a product the bank does not subscribe to is refused
        subject(session, post("/api/v1/subject/consent-tokens").contentType(MediaType.APPLICATION_JSON)
                .content("{\"productId\":\"" + UUID.randomUUID() + "\",\"consumerId\":\"" + bankId + "\"}"))
                .andExpect(status().isNotFound());
        subject(session, post("/api/v1/subject/consent-tokens").contentType(MediaType.APPLICATION_JSON)
                .content("{\"productId\":\"" + product + "\",\"consumerId\":\"" + bankId + "\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("expiresAt"));
        String issued = subject(session, post("/api/v1/subject/consent-tokens").contentType(MediaType.APPLICATION_JSON)
                .content("{\"productId\":\"" + product + "\",\"consumerId\":\"" + bankId + "\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        String token = JsonPath.read(issued, "$.token");
        UUID tokenId = UUID.fromString(JsonPath.read(issued, "$.id"));
        assertThat(issued).doesNotContain(person[0]);
        subject(session, get("/api/v1/subject/consent-tokens")).andExpect(jsonPath("$[0].id").value(tokenId.toString()))
                .andExpect(jsonPath("$[0].state").value("VALID")).andExpect(jsonPath("$[0].channel").value("SUBJECT"));

        // the bank calls with it: answered
        call(product, key, person, token).andExpect(status().isOk()).andExpect(jsonPath("$.answer").value("MATCH"));
        call(product, key, person, token).andExpect(status().isOk());

        // another person's session cannot see or revoke it
        String other = openSession(ProductApiTests.validIdNumber("37010219850505123"));
        subject(other, get("/api/v1/subject/consent-tokens")).andExpect(content().json("[]"));
        subject(other, post("/api/v1/subject/consent-tokens/" + tokenId + "/revoke")).andExpect(status().isNotFound());

        // revoked: the next call is refused at once, precisely
        subject(session, post("/api/v1/subject/consent-tokens/" + tokenId + "/revoke")).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("REVOKED"));
        call(product, key, person, token).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:consent_token_revoked"));
        subject(session, post("/api/v1/subject/consent-tokens/" + tokenId + "/revoke"))
                .andExpect(status().isUnprocessableContent());

        // counted in metering and the statement, audited with the subject's keyed hash only
        String statement = as("bank", get("/api/v1/subscriptions/" + subscription + "/statements/"
                + YearMonth.now(ZoneId.of("Asia/Shanghai")))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(((Number) JsonPath.read(statement, "$.callsByOutcome.CONSENT_TOKEN_REVOKED")).longValue()).isEqualTo(1);
        assertThat(((Number) JsonPath.read(statement, "$.billableCalls")).longValue()).isEqualTo(2);
        assertThat(jdbc.sql("select outcome || ':' || coalesce(reason, '') from audit_entry where action = "
                + "'product.subject.consent-token.revoke' and object_id = :t")
                .param("t", tokenId.toString()).query(String.class).list())
                .as("the other person's attempt, the revocation, the second attempt")
                .containsExactlyInAnyOrder("REFUSED:not_found", "SUCCESS:", "REFUSED:consent_token_not_valid");
        assertThat(jdbc.sql("select outcome || ':' || coalesce(reason, '') from audit_entry where action = "
                + "'product.subject.consent-token.issue' and object_id = :p order by outcome")
                .param("p", product.toString()).query(String.class).list())
                .as("the refused issuance (expiry) and the issuance").containsExactly("REFUSED:validation_failed", "SUCCESS:");
        assertThat(jdbc.sql("select count(*) from audit_entry where details like :v").param("v", "%" + person[0] + "%")
                .query(Long.class).single()).as("no identity number audited").isZero();

        // a restart: a fresh set of tokens, loaded from the table, still refuses it
        ConsentTokens fresh = new ConsentTokens(masterKey);
        new ConsentTokenRecords(jdbc, fresh, Clock.systemUTC()).reloadRevoked();
        assertThat(fresh.isRevoked(fresh.read(token))).isTrue();

        // the product jobs on a clock 40 days on: the calls settled and the month's statement produced, once
        ProductJobs jobs = new ProductJobs(pricing, subscriptions, Clock.offset(Clock.systemUTC(), Duration.ofDays(40)));
        jobs.run();
        jobs.run();
        String month = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();
        assertThat(jdbc.sql("select count(*) from product_statement where subscription_id = :s and statement_month = :m")
                .param("s", subscription).param("m", month).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select sum(units) from product_charge where product_id = :p").param("p", product)
                .query(Long.class).single()).as("the two answered calls, settled once").isEqualTo(2);
        as("bank", get("/api/v1/subscriptions/" + subscription + "/statements")).andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.month=='" + month + "')].billableCalls").value(2))
                .andExpect(jsonPath("$[?(@.month=='" + month + "')].amount").value(0.2));
        MockHttpSession bank = (MockHttpSession) mvc.perform(org.springframework.security.test.web.servlet.request
                .SecurityMockMvcRequestBuilders.formLogin("/login").user("bank").password(Api.PASSWORD)).andReturn()
                .getRequest().getSession(false);
        mvc.perform(get("/consumer/subscriptions/" + subscription + "/usage").session(bank)).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("data-testid=\"produced-statements\"")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString(">" + month + "<")));
    }

    @Test
    void subjectPortal_demoSignIn_listsTokens_andRevokes() throws Exception {
        MockHttpSession http = new MockHttpSession();
        mvc.perform(get("/portal/subject").session(http)).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("subject-sign-in")));
        mvc.perform(post("/portal/subject/demo-sign-in").session(http).with(csrf()).param("subject", "123"))
                .andExpect(status().is3xxRedirection()).andExpect(org.springframework.test.web.servlet.result
                        .MockMvcResultMatchers.flash().attributeExists("error"));
        String idNo = ProductApiTests.validIdNumber("37010219770707123");
        mvc.perform(post("/portal/subject/demo-sign-in").session(http).with(csrf()).param("subject", idNo))
                .andExpect(status().is3xxRedirection());
        String page = mvc.perform(get("/portal/subject").session(http)).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("subject-tokens")))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(idNo))))
                .andReturn().getResponse().getContentAsString();
        java.util.regex.Matcher option = java.util.regex.Pattern.compile("<option value=\"([0-9a-f-]{36}\\|[0-9a-f-]{36})\"")
                .matcher(page);
        assertThat(option.find()).as("a listed product with a subscribed consumer to choose").isTrue();

        // issue through the page: the token is shown once, then listed as valid; revoke it through the page
        var issued = mvc.perform(post("/portal/subject/tokens").session(http).with(csrf()).param("choice", option.group(1))
                .param("days", "7")).andExpect(status().is3xxRedirection()).andReturn().getFlashMap().get("issued");
        assertThat(issued).isInstanceOf(IssuedConsentToken.class);
        IssuedConsentToken token = (IssuedConsentToken) issued;
        assertThat(token.token()).startsWith("qct2.");
        String shown = mvc.perform(get("/portal/subject").session(http)).andReturn().getResponse().getContentAsString();
        assertThat(shown).as("shown on the page after issuing").contains(token.token());
        String listed = mvc.perform(get("/portal/subject").session(http)).andReturn().getResponse().getContentAsString();
        assertThat(listed).as("and never again").doesNotContain(token.token())
                .contains("/portal/subject/tokens/" + token.id() + "/revoke");
        mvc.perform(post("/portal/subject/tokens/" + token.id() + "/revoke").session(http).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash().attribute("revoked", true));
        assertThat(mvc.perform(get("/portal/subject").session(http)).andReturn().getResponse().getContentAsString())
                .doesNotContain("/portal/subject/tokens/" + token.id() + "/revoke");
        assertThat(jdbc.sql("select revoked_at is not null from product_consent_token where id = :id")
                .param("id", token.id()).query(Boolean.class).single()).isTrue();
    }

    @Test
    void portalEntry_takesTheSecretByPostOnce_neverInAUrl_andAudited() throws Exception {
        String idNo = ProductApiTests.validIdNumber("37010219880808123");
        String hash = consentRegistry.subjectHash().of(idNo);
        String opened = mvc.perform(post("/api/v1/subject/sessions").header("X-Identity-Provider-Key", PROVIDER_KEY)
                .contentType(MediaType.APPLICATION_JSON).content("{\"subject\":\"" + idNo + "\"}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.portalPath").value("/portal/subject/enter"))
                .andReturn().getResponse().getContentAsString();
        String secret = JsonPath.read(opened, "$.session");
        long invalidBefore = invalidEntries();
        assertThat(opened.indexOf(secret)).as("the secret only in the session field").isEqualTo(opened.lastIndexOf(secret));

        // the old entry by address: refused with a message, the secret used up and never echoed
        MockHttpSession browser = new MockHttpSession();
        var byAddress = mvc.perform(get("/portal/subject/enter").param("session", secret).session(browser))
                .andExpect(status().is3xxRedirection()).andReturn();
        assertThat(byAddress.getResponse().getRedirectedUrl()).isEqualTo("/portal/subject");
        assertThat(byAddress.getFlashMap().get("error")).asString().contains("地址栏").doesNotContain(secret);
        assertThat(browser.getAttribute("quanyun.subjectSession")).isNull();
        enter(secret, new MockHttpSession(), null).andExpect(org.springframework.test.web.servlet.result
                .MockMvcResultMatchers.flash().attributeExists("error"));

        // posted once by the provider's page (no CSRF token, an Origin): signed in under a new secret
        String fresh = openSession(idNo);
        MockHttpSession signedIn = new MockHttpSession();
        var entered = enter(fresh, signedIn, "http://localhost").andReturn();
        assertThat(entered.getFlashMap().get("error")).isNull();
        Object kept = signedIn.getAttribute("quanyun.subjectSession");
        assertThat(kept).as("exchanged for a new secret, kept server-side").isNotNull().isNotEqualTo(fresh);
        String page = mvc.perform(get("/portal/subject").session(signedIn)).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("subject-tokens")))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).doesNotContain(fresh).doesNotContain((String) kept);
        subject(fresh, get("/api/v1/subject/consent-tokens")).andExpect(status().isUnauthorized());

        // used: a second post with the same secret is refused, in another browser or the same one
        MockHttpSession replay = new MockHttpSession();
        enter(fresh, replay, null).andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
                .attribute("error", org.hamcrest.Matchers.containsString("已使用")));
        assertThat(replay.getAttribute("quanyun.subjectSession")).isNull();
        mvc.perform(get("/portal/subject").session(replay))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("subject-tokens"))));

        // posted from a third site (login CSRF): refused and used up
        String third = openSession(idNo);
        MockHttpSession lured = new MockHttpSession();
        enter(third, lured, "https://evil.example").andExpect(org.springframework.test.web.servlet.result
                .MockMvcResultMatchers.flash().attributeExists("error"));
        assertThat(lured.getAttribute("quanyun.subjectSession")).isNull();
        enter(third, new MockHttpSession(), null).andExpect(org.springframework.test.web.servlet.result
                .MockMvcResultMatchers.flash().attributeExists("error"));

        assertThat(jdbc.sql("select outcome || ':' || coalesce(reason, '') from audit_entry where action = "
                + "'product.subject.session.enter' and object_id = :h").param("h", hash).query(String.class).list())
                .containsExactlyInAnyOrder("REFUSED:subject_session_in_url", "SUCCESS:", "REFUSED:subject_session_origin");
        assertThat(invalidEntries() - invalidBefore)
                .as("the entry after the address entry, the replay, the entry after the third site").isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from audit_entry where details like :s or details like :f or details like :t")
                .param("s", "%" + secret + "%").param("f", "%" + fresh + "%").param("t", "%" + third + "%")
                .query(Long.class).single()).as("no secret audited").isZero();
    }

    @Test
    void portalEntry_expiredSecret_isRefused() {
        io.quanyun.support.MutableClock clock = new io.quanyun.support.MutableClock(java.time.Instant.now());
        SubjectConsents consents = new SubjectConsents(records, jdbc, auditTrail, clock, consentRegistry, "测试App",
                io.quanyun.audit.Sm3.hex(PROVIDER_KEY), false);
        String idNo = ProductApiTests.validIdNumber("37010219880909123");
        String secret = consents.openSession(PROVIDER_KEY, idNo).session();
        clock.advance(SubjectConsents.SESSION_VALIDITY.plusSeconds(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> consents.enter(secret))
                .isInstanceOfSatisfying(io.quanyun.shared.QuanyunException.class,
                        e -> assertThat(e.code()).isEqualTo(io.quanyun.shared.ErrorCode.SUBJECT_SESSION_INVALID));
        String live = consents.openSession(PROVIDER_KEY, idNo).session();
        String portal = consents.enter(live);
        assertThat(consents.isOpen(portal)).isTrue();
        assertThat(consents.isOpen(live)).as("used up at entry").isFalse();
        clock.advance(SubjectConsents.SESSION_VALIDITY.plusSeconds(1));
        assertThat(consents.isOpen(portal)).as("the exchanged secret keeps the session's expiry").isFalse();
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'product.subject.session.enter' and "
                + "object_id = :h and outcome = 'REFUSED'").param("h", consentRegistry.subjectHash().of(idNo))
                .query(Long.class).single()).as("the expired entry, audited").isEqualTo(1);
    }

    private long invalidEntries() {
        return jdbc.sql("select count(*) from audit_entry where action = 'product.subject.session.enter' and "
                + "outcome = 'REFUSED' and reason = 'subject_session_invalid'").query(Long.class).single();
    }

    private ResultActions enter(String secret, MockHttpSession browser, @org.jspecify.annotations.Nullable String origin)
            throws Exception {
        MockHttpServletRequestBuilder request = post("/portal/subject/enter").session(browser)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).param("session", secret);
        if (origin != null) {
            request.header("Origin", origin);
        }
        ResultActions result = mvc.perform(request).andExpect(status().is3xxRedirection());
        String location = result.andReturn().getResponse().getHeader("Location");
        assertThat(location).as("never the secret in a Location").isEqualTo("/portal/subject");
        assertThat(result.andReturn().getResponse().getContentAsString()).doesNotContain(secret);
        return result;
    }

    // ------------------------------------------------------------------ helpers

    private UUID listedPerCall(String name, String purpose) throws Exception {
        String body = """
                {"grantId":"%s","form":"DATA_VERIFICATION","name":"%s","description":"身份号码与姓名是否一致",
                 "pricingModel":"PER_CALL","fee":0.10,"consentPurpose":"%s","verification":{"datasetCode":"person",
                 "subjectField":"id_no","attributeField":"name","comparison":"EQUALS"}}"""
                .formatted(grants.grant().id(), name, purpose);
        UUID product = UUID.fromString(JsonPath.read(as("operator", post("/api/v1/products")
                .contentType(MediaType.APPLICATION_JSON).content(body)).andExpect(status().isCreated()).andReturn()
                .getResponse().getContentAsString(), "$.id"));
        as("operator", post("/api/v1/products/" + product + "/submit")).andExpect(status().isOk());
        as("bureau", post("/api/v1/products/" + product + "/reviews").contentType(MediaType.APPLICATION_JSON)
                .content("{\"approved\":true,\"riskLevel\":\"LOW\",\"capPrice\":0.20}"))
                .andExpect(jsonPath("$.state").value("LISTED"));
        return product;
    }

    private String openSession(String idNo) throws Exception {
        return JsonPath.read(mvc.perform(post("/api/v1/subject/sessions").header("X-Identity-Provider-Key", PROVIDER_KEY)
                .contentType(MediaType.APPLICATION_JSON).content("{\"subject\":\"" + idNo + "\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString(), "$.session");
    }

    private ResultActions subject(String session, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.header("X-Subject-Session", session));
    }

    private ResultActions call(UUID product, String key, String[] person, String token) throws Exception {
        return mvc.perform(post("/api/v1/products/" + product + "/calls").header("X-Api-Key", key)
                .contentType(MediaType.APPLICATION_JSON).content("{\"inputs\":{\"id_no\":\"" + person[0]
                        + "\",\"name\":\"" + person[1] + "\"},\"consentToken\":\"" + token + "\"}"));
    }

    private ResultActions as(String user, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.header("Authorization", Api.bearer(mvc, user)));
    }

    private UUID organization(OrganizationType type, String name) {
        return identity.organizationsOfType(type).stream().filter(o -> o.name().equals(name)).findFirst()
                .orElseThrow().id();
    }

    private String[] person() throws Exception {
        return demoPerson(datasets, vault);
    }

    /**
     * One person of the version the catalog serves: a well-formed identity number and the name. (A call that sends a
     * consent token is decided by the token alone, whatever consent records the person has.)
     */
    static String[] demoPerson(DatasetDirectory datasets, Vault vault) throws Exception {
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
