package io.quanyun.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.support.TransactionTemplate;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.access.GrantDescriptor;
import io.quanyun.access.GrantDirectory;
import io.quanyun.access.GrantRestored;
import io.quanyun.access.GrantSuspended;
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

/** Register, review, list, grant reactions and verification calls over HTTP, on the demo data. */
@PlatformTest
@org.springframework.context.annotation.Import(ProductApiTests.ProductTestGrants.class)
class ProductApiTests {

    @Autowired MockMvc mvc;
    @Autowired IdentityManagement identity;
    @Autowired GrantDirectory grants;
    @Autowired DatasetDirectory datasets;
    @Autowired ConsentRegistry consents;
    @Autowired Vault vault;
    @Autowired ApplicationEventPublisher events;
    @Autowired TransactionTemplate transactions;
    @Autowired JdbcClient jdbc;

    UUID operatorId;
    GrantDescriptor grant;

    record Person(String idNo, String district) {
    }

    @BeforeEach
    void demoGrant() {
        operatorId = identity.organizationsOfType(OrganizationType.OPERATOR).stream()
                .filter(o -> o.name().equals("泉城数据科技有限公司")).findFirst().orElseThrow().id();
        grant = grants.activeFor(operatorId).get(0);
    }

    /**
     * The product tests' own grant for the demo operator on the demo datasets: other test classes share the
     * database and end, suspend or expire the demo grant and agreement, so these tests do not depend on them.
     */
    @org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
    static class ProductTestGrants {
        @org.springframework.context.annotation.Bean
        @org.springframework.context.annotation.Primary
        GrantDirectory productTestGrants(DatasetDirectory datasets, IdentityManagement identity) {
            return new FixedGrants(datasets, identity);
        }
    }

    static final class FixedGrants implements GrantDirectory {
        private final DatasetDirectory datasets;
        private final IdentityManagement identity;
        private volatile GrantDescriptor grant;

        FixedGrants(DatasetDirectory datasets, IdentityManagement identity) {
            this.datasets = datasets;
            this.identity = identity;
        }

        private synchronized GrantDescriptor grant() {
            if (grant == null) {
                UUID operator = id(OrganizationType.OPERATOR, "泉城数据科技有限公司");
                UUID authority = id(OrganizationType.AUTHORITY, "济南市大数据局");
                List<io.quanyun.access.GrantedDataset> granted = new ArrayList<>();
                // the same fields as the demo grant: no names, addresses or phones
                java.util.Map<String, List<String>> fields = java.util.Map.of(
                        "person", List.of("id_no", "gender", "birth_date", "district"),
                        "income", List.of("id_no", "year", "amount"),
                        "vehicle", List.of("owner_id_no", "brand", "reg_date"));
                for (String code : List.of("person", "income", "vehicle")) {
                    var dataset = datasets.findByCode(code).orElseThrow();
                    granted.add(new io.quanyun.access.GrantedDataset(dataset.id(), code, fields.get(code)));
                }
                grant = new GrantDescriptor(UUID.randomUUID(), UUID.randomUUID(), operator, UUID.randomUUID(),
                        authority, "产品测试授权", granted, new io.quanyun.access.PrivacyTerms("DIFFERENTIAL_PRIVACY", 10,
                                java.math.BigDecimal.TEN, java.math.BigDecimal.ONE), null,
                        java.time.Instant.now().plus(Duration.ofDays(30)), io.quanyun.access.GrantState.ACTIVE);
            }
            return grant;
        }

        private UUID id(OrganizationType type, String name) {
            return Actors.runAs(Actor.system(), () -> identity.organizationsOfType(type).stream()
                    .filter(o -> o.name().equals(name)).findFirst().orElseThrow().id());
        }

        @Override
        public java.util.Optional<GrantDescriptor> find(UUID grantId) {
            GrantDescriptor current = grant();
            return current.id().equals(grantId) ? java.util.Optional.of(current) : java.util.Optional.empty();
        }

        @Override
        public List<GrantDescriptor> activeFor(UUID operatorId) {
            GrantDescriptor current = grant();
            return current.operatorId().equals(operatorId) ? List.of(current) : List.of();
        }
    }

    // ------------------------------------------------------------------ registry and review

    @Test
    void register_review_list_lowRisk() throws Exception {
        UUID id = registerVerification("district-check", "PER_CALL", "0.20");
        call("operator", post("/api/v1/products/" + id + "/submit")).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("UNDER_REVIEW"));
        review("bureau", id, "{\"approved\":true,\"riskLevel\":\"LOW\",\"findings\":\"清单符合\",\"capPrice\":0.50}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("LISTED"))
                .andExpect(jsonPath("$.capPrice").value(0.5));
    }

    @Test
    void review_failing_returnsToDraftWithFindings() throws Exception {
        UUID id = registerVerification("returned", "FREE", null);
        call("operator", post("/api/v1/products/" + id + "/submit")).andExpect(status().isOk());
        review("bureau", id, "{\"approved\":false,\"riskLevel\":\"MEDIUM\",\"findings\":\"缺少影响评估\"}")
                .andExpect(jsonPath("$.state").value("DRAFT")).andExpect(jsonPath("$.findings").value("缺少影响评估"));
    }

    @Test
    void review_highRisk_needsSecondDifferentReviewer() throws Exception {
        UUID id = registerVerification("high-risk", "FREE", null);
        call("operator", post("/api/v1/products/" + id + "/submit")).andExpect(status().isOk());
        review("bureau", id, "{\"approved\":true,\"riskLevel\":\"HIGH\",\"findings\":\"高风险\"}")
                .andExpect(jsonPath("$.state").value("UNDER_REVIEW"));
        review("bureau", id, "{\"approved\":true}").andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:second_reviewer_required"));
        review("district", id, "{\"approved\":true}").andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("LISTED")).andExpect(jsonPath("$.secondReviewer").value("district"));
    }

    @Test
    void review_byOperator_isForbidden_andFeeAboveCap_isRefused() throws Exception {
        UUID id = registerVerification("fee", "PER_CALL", "2.00");
        call("operator", post("/api/v1/products/" + id + "/submit")).andExpect(status().isOk());
        review("operator", id, "{\"approved\":true,\"riskLevel\":\"LOW\",\"capPrice\":5}")
                .andExpect(status().isForbidden());
        review("bureau", id, "{\"approved\":true,\"riskLevel\":\"LOW\",\"capPrice\":1}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:fee_above_cap"));
    }

    @Test
    void register_outsideGrant_isRefused() throws Exception {
        String body = """
                {"grantId":"%s","form":"DATA_VERIFICATION","name":"姓名核验","description":"d","pricingModel":"FREE",
                 "consentPurpose":"p","verification":{"datasetCode":"person","subjectField":"id_no",
                 "attributeField":"name","comparison":"EQUALS"}}""".formatted(grant.id());
        call("operator", post("/api/v1/products").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.type").value("urn:quanyun:error:unknown_field"));
    }

    @Test
    void grantSuspension_suspendsProduct_andRestorationListsItAgain() throws Exception {
        UUID id = listed("grant-follow");
        transactions.executeWithoutResult(s -> events.publishEvent(new GrantSuspended(grant.id(), operatorId, "test")));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(state(id)).isEqualTo("SUSPENDED"));
        transactions.executeWithoutResult(s -> events.publishEvent(new GrantRestored(grant.id(), operatorId)));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(state(id)).isEqualTo("LISTED"));
    }

    // ------------------------------------------------------------------ verification

    @Test
    void verify_answersMatchNoMatchNotFound_onlyWithConsent_andMeters() throws Exception {
        String purpose = "product-test-" + UUID.randomUUID().toString().substring(0, 8);
        UUID id = listedWithPurpose("verify", purpose);
        String key = issueKey(id);
        List<Person> people = people(2);
        Person person = people.get(0);
        String otherDistrict = people.stream().map(Person::district).filter(d -> !d.equals(person.district()))
                .findFirst().orElse("不存在区");
        String absent = validIdNumber("99999919900101123");

        verify(id, key, person.idNo(), person.district()).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:subject_consent_missing"));

        consent(person.idNo(), purpose);
        consent(absent, purpose);
        String match = verify(id, key, person.idNo(), person.district()).andExpect(status().isOk())
                .andExpect(jsonPath("$.answer").value("MATCH")).andReturn().getResponse().getContentAsString();
        String noMatch = verify(id, key, person.idNo(), otherDistrict).andExpect(status().isOk())
                .andExpect(jsonPath("$.answer").value("NO_MATCH")).andReturn().getResponse().getContentAsString();
        verify(id, key, absent, person.district()).andExpect(status().isOk())
                .andExpect(jsonPath("$.answer").value("NOT_FOUND"));
        for (String body : List.of(match, noMatch)) {
            assertThat(body).doesNotContain(person.idNo()).doesNotContain(person.district())
                    .doesNotContain(otherDistrict).isIn("{\"answer\":\"MATCH\"}", "{\"answer\":\"NO_MATCH\"}");
        }
        verify(id, key, "", person.district()).andExpect(status().isBadRequest());

        String usage = call("operator", get("/api/v1/products/" + id + "/usage")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(((Number) JsonPath.read(usage, "$[0].calls")).longValue()).isEqualTo(5);
        assertThat(jdbc.sql("select count(*) from audit_entry where details like :hash")
                .param("hash", "%" + person.idNo() + "%").query(Long.class).single()).as("no raw identifier audited")
                .isZero();
    }

    @Test
    void verify_vehicleRegisteredSince_answersFromLatestRegistration() throws Exception {
        String purpose = "vehicle-test-" + UUID.randomUUID().toString().substring(0, 8);
        String body = """
                {"grantId":"%s","form":"DATA_VERIFICATION","name":"机动车登记核验","description":"某日以来是否登记机动车",
                 "pricingModel":"FREE","consentPurpose":"%s","verification":{"datasetCode":"vehicle",
                 "subjectField":"owner_id_no","attributeField":"reg_date","comparison":"ON_OR_AFTER"}}"""
                .formatted(grant.id(), purpose);
        UUID id = UUID.fromString(JsonPath.read(call("operator", post("/api/v1/products")
                .contentType(MediaType.APPLICATION_JSON).content(body)).andExpect(status().isCreated()).andReturn()
                .getResponse().getContentAsString(), "$.id"));
        call("operator", post("/api/v1/products/" + id + "/submit")).andExpect(status().isOk());
        review("bureau", id, "{\"approved\":true,\"riskLevel\":\"MEDIUM\"}").andExpect(jsonPath("$.state").value("LISTED"));
        String key = issueKey(id);
        UUID vehicle = datasets.findByCode("vehicle").orElseThrow().id();
        String owner;
        LocalDate latest;
        try (DecryptedTable table = vault.openCurrent(vehicle.toString());
                Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT owner_id_no, max(CAST(reg_date AS DATE)) FROM "
                        + "read_parquet('" + table.path() + "') WHERE owner_id_no IS NOT NULL GROUP BY 1 ORDER BY 1 LIMIT 1")) {
            rows.next();
            owner = rows.getString(1);
            latest = rows.getObject(2, LocalDate.class);
        }
        consent(owner, purpose);
        verify(id, key, owner, latest.toString()).andExpect(jsonPath("$.answer").value("MATCH"));
        verify(id, key, owner, latest.plusDays(1).toString()).andExpect(jsonPath("$.answer").value("NO_MATCH"));
        verify(id, key, owner, "not-a-date").andExpect(status().isBadRequest());
    }

    @Test
    void verify_withInvalidKey_isRefused_andNothingIsMetered() throws Exception {
        UUID id = listedWithPurpose("bad-key", "purpose-bad-key");
        issueKey(id);
        verify(id, "qy_not-a-key", "370102199001011234", "历下区").andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:api_key_invalid"));
        mvc.perform(post("/api/v1/products/" + id + "/verify").contentType(MediaType.APPLICATION_JSON)
                .content("{\"subject\":\"x\",\"value\":\"y\"}")).andExpect(status().isUnauthorized());
        String usage = call("operator", get("/api/v1/products/" + id + "/usage")).andReturn().getResponse()
                .getContentAsString();
        assertThat(usage).isEqualTo("[]");
    }

    @Test
    void verify_whenSuspended_isRefusedAtOnce() throws Exception {
        UUID id = listedWithPurpose("suspended", "purpose-suspended");
        String key = issueKey(id);
        call("bureau", post("/api/v1/products/" + id + "/suspend").contentType(MediaType.APPLICATION_JSON)
                .content("{\"reason\":\"检查\"}")).andExpect(status().isOk());
        verify(id, key, "370102199001011234", "历下区").andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:product_not_listed"));
    }

    // ------------------------------------------------------------------ helpers

    private UUID registerVerification(String name, String pricing, String fee) throws Exception {
        return registerVerification(name, pricing, fee, "product-test");
    }

    private UUID registerVerification(String name, String pricing, String fee, String purpose) throws Exception {
        String body = """
                {"grantId":"%s","form":"DATA_VERIFICATION","name":"%s","description":"是否在某区登记户籍",
                 "pricingModel":"%s","fee":%s,"consentPurpose":"%s","verification":{"datasetCode":"person",
                 "subjectField":"id_no","attributeField":"district","comparison":"EQUALS"}}"""
                .formatted(grant.id(), name, pricing, fee, purpose);
        String created = call("operator", post("/api/v1/products").contentType(MediaType.APPLICATION_JSON)
                .content(body)).andExpect(status().isCreated()).andExpect(jsonPath("$.state").value("DRAFT"))
                .andReturn().getResponse().getContentAsString();
        return UUID.fromString(JsonPath.read(created, "$.id"));
    }

    private UUID listed(String name) throws Exception {
        return listedWithPurpose(name, "product-test");
    }

    private UUID listedWithPurpose(String name, String purpose) throws Exception {
        UUID id = registerVerification(name, "FREE", null, purpose);
        call("operator", post("/api/v1/products/" + id + "/submit")).andExpect(status().isOk());
        review("bureau", id, "{\"approved\":true,\"riskLevel\":\"LOW\"}").andExpect(jsonPath("$.state").value("LISTED"));
        return id;
    }

    private String issueKey(UUID id) throws Exception {
        String issued = call("operator", post("/api/v1/products/" + id + "/keys").contentType(MediaType.APPLICATION_JSON)
                .content("{\"consumerName\":\"齐鲁银行\"}")).andExpect(status().isCreated()).andReturn().getResponse()
                .getContentAsString();
        String key = JsonPath.read(issued, "$.key");
        assertThat(jdbc.sql("select count(*) from product_api_key where key_hash = :k").param("k", key)
                .query(Long.class).single()).as("the raw key is not stored").isZero();
        return key;
    }

    private ResultActions verify(UUID id, String key, String subject, String value) throws Exception {
        return mvc.perform(post("/api/v1/products/" + id + "/verify").header("X-Api-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"subject\":\"" + subject + "\",\"value\":\"" + value + "\"}"));
    }

    private ResultActions review(String user, UUID id, String body) throws Exception {
        return call(user, post("/api/v1/products/" + id + "/reviews").contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    private ResultActions call(String user,
            org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.header("Authorization", Api.bearer(mvc, user)));
    }

    private String state(UUID id) throws Exception {
        return JsonPath.read(call("bureau", get("/api/v1/products/" + id)).andReturn().getResponse()
                .getContentAsString(), "$.state");
    }

    private void consent(String idNo, String purpose) {
        Actors.runAs(Actor.system(), () -> consents.record(new RecordConsent(SubjectKind.PERSON, idNo, purpose,
                operatorId, null, LocalDate.now().plusYears(1))));
    }

    /** People of the current demo version of {@code person}, in different districts when possible. */
    private List<Person> people(int count) throws Exception {
        var descriptor = datasets.findByCode("person").orElseThrow();
        UUID person = descriptor.id();
        List<Person> found = new ArrayList<>();
        // the version the catalog serves (some test classes add vault versions directly, bypassing the catalog)
        try (DecryptedTable table = vault.open(person.toString(), descriptor.currentVersion());
                Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id_no, district FROM read_parquet('"
                        + table.path() + "') ORDER BY district, id_no LIMIT 5000")) {
            java.util.Set<String> districts = new java.util.HashSet<>();
            List<Person> spare = new ArrayList<>();
            while (rows.next()) {
                String idNo = rows.getString(1);
                if (idNo == null || idNo.length() != 18 || !validIdNumber(idNo.substring(0, 17)).equals(idNo)) {
                    continue; // only well-formed identifiers can carry a consent
                }
                Person candidate = new Person(idNo, rows.getString(2));
                if (districts.add(candidate.district())) {
                    found.add(candidate);
                } else {
                    spare.add(candidate);
                }
            }
            for (Person extra : spare) {
                if (found.size() >= count) {
                    break;
                }
                found.add(extra);
            }
        }
        return found.size() > count ? found.subList(0, count) : found;
    }

    /** Appends the GB 11643 check character to 17 digits. */
    static String validIdNumber(String first17) {
        return first17 + IdentityNumbers.checkCharacter(first17);
    }
}
