package io.quanyun.product;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

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
import io.quanyun.support.Api;

/**
 * A listed verification product of its own per test (over {@code person}, under the fixed consumer grant of
 * {@link ConsumerTestGrants}), {@code bank}'s subscription and key, a person with consent, and what was metered
 * and audited of a call: the set-up of the product call tests, through the platform's API (MockMvc).
 */
final class CallFixtures {

    private final MockMvc mvc;
    private final ConsumerTestGrants.FixedConsumerGrant grants;
    private final DatasetDirectory datasets;
    private final Vault vault;
    private final ConsentRegistry consents;
    private final JdbcClient jdbc;
    private final UUID operatorId;

    CallFixtures(MockMvc mvc, ConsumerTestGrants.FixedConsumerGrant grants, DatasetDirectory datasets, Vault vault,
            ConsentRegistry consents, JdbcClient jdbc, IdentityManagement identity) {
        this.mvc = mvc;
        this.grants = grants;
        this.datasets = datasets;
        this.vault = vault;
        this.consents = consents;
        this.jdbc = jdbc;
        grants.setState(io.quanyun.access.GrantState.ACTIVE);
        this.operatorId = identity.organizationsOfType(OrganizationType.OPERATOR).stream()
                .filter(o -> o.name().equals("泉城数据科技有限公司")).findFirst().orElseThrow().id();
    }

    /** A free verification product (id-card number and name), reviewed and listed, consent for the purpose. */
    UUID listed(String purpose) throws Exception {
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

    UUID subscribe(UUID product) throws Exception {
        return subscribe(product, 100, 100);
    }

    UUID subscribe(UUID product, long monthlyQuota, int ratePerSecond) throws Exception {
        String created = as("bank", post("/api/v1/subscriptions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"productId\":\"%s\",\"monthlyQuota\":%d,\"ratePerSecond\":%d}".formatted(product,
                        monthlyQuota, ratePerSecond)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return UUID.fromString(JsonPath.read(created, "$.id"));
    }

    String issueKey(UUID subscription) throws Exception {
        return JsonPath.read(as("bank", post("/api/v1/subscriptions/" + subscription + "/keys"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString(), "$.key");
    }

    ResultActions as(String user, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.header("Authorization", Api.bearer(mvc, user)));
    }

    void consent(String idNo, String purpose) {
        Actors.runAs(Actor.system(), () -> consents.record(new RecordConsent(SubjectKind.PERSON, idNo, purpose,
                operatorId, null, LocalDate.now().plusYears(1))));
    }

    /** One person of the served version with a well-formed identity number: {id_no, name}. */
    String[] person() throws Exception {
        return people(1).get(0);
    }

    /** Up to {@code count} people of the served version with well-formed identity numbers: {id_no, name}. */
    List<String[]> people(int count) throws Exception {
        var descriptor = datasets.findByCode("person").orElseThrow();
        List<String[]> found = new java.util.ArrayList<>();
        try (DecryptedTable table = vault.open(descriptor.id().toString(), descriptor.currentVersion());
                Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id_no, name FROM read_parquet('" + table.path()
                        + "') WHERE name IS NOT NULL ORDER BY random() LIMIT 500")) {
            while (rows.next() && found.size() < count) {
                String idNo = rows.getString(1);
                if (idNo != null && idNo.length() == 18
                        && ProductApiTests.validIdNumber(idNo.substring(0, 17)).equals(idNo)) {
                    found.add(new String[] {idNo, rows.getString(2)});
                }
            }
        }
        if (found.isEmpty()) {
            throw new AssertionError("no person with a well-formed identity number");
        }
        return found;
    }

    static String body(String idNo, String name) {
        return "{\"inputs\":{\"id_no\":\"" + idNo + "\",\"name\":\"" + name + "\"}}";
    }

    /** The metered outcome of a call (exactly one meter row). */
    String outcomeOf(String callId) {
        return jdbc.sql("select outcome from product_call where id = :id").param("id", UUID.fromString(callId))
                .query(String.class).single();
    }

    /** The outcomes of the audit entries that list the call. */
    List<String> auditedOutcomes(String callId) {
        return jdbc.sql("select outcome from audit_entry where action = 'product.calls' and details like :call")
                .param("call", "%" + callId + "%").query(String.class).list();
    }
}
