package io.quanyun.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.catalog.ConsentRegistry;
import io.quanyun.catalog.DatasetDirectory;
import io.quanyun.catalog.vault.DecryptedTable;
import io.quanyun.catalog.vault.Vault;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.support.PlatformTest;

/**
 * The demo of {@code ./quanyun dev} with its product forms ({@code quanyun.demo.products=true}): the model product is
 * trained in the sandbox over the demo grant's consenting subjects (a grant limited to consenting subjects),
 * listed, and answers the bank's score call about a consenting person with a score that is none of the person's
 * stored values; a person without consent is refused.
 */
@PlatformTest
// `./quanyun dev` starts on a fresh embedded database: so does this test, with a database and a data directory of its
// own, because the shared test database's demo agreement may already have been expired by a journey that moved the
// clock years ahead (AuthorizationJourneyTests did so until it got a database of its own), and the demo then rightly
// creates no product.
@TestPropertySource(properties = { "quanyun.demo.products=true",
        "spring.datasource.url=jdbc:h2:mem:quanyun-demo-model;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "quanyun.data-dir=target/test-data-demo-model" })
class DemoModelProductTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired DatasetDirectory datasets;
    @Autowired Vault vault;
    @Autowired ConsentRegistry consents;
    @Autowired ModelProducts models;

    @Test
    void demoModel_isTrainedListed_andAnswersAScore_neverAStoredValue() throws Exception {
        UUID product = jdbc.sql("select id from product where name = :n and state = 'LISTED' and form = 'DATA_MODEL'")
                .param("n", DemoProductForms.MODEL).query(UUID.class).single();
        String purpose = jdbc.sql("select consent_purpose from product where id = :p").param("p", product)
                .query(String.class).single();
        UUID operator = jdbc.sql("select operator_id from product where id = :p").param("p", product)
                .query(UUID.class).single();
        assertThat(purpose).as("the grant's purpose").isNotBlank();
        ModelView model = models.latest(product).orElseThrow();
        assertThat(model.scoredEntities()).as("trained on consenting subjects").isGreaterThan(50);
        String key = "qyc_dev-quanyun-demo-key-2026-model";

        int scored = 0;
        int refused = 0;
        for (Person person : people()) {
            boolean consented = Actors.runAs(Actor.system(), () -> consents.hasConsented(person.idNo(), purpose, operator));
            MockHttpServletResponse response = mvc.perform(post("/api/v1/products/" + product + "/calls")
                    .header("X-Api-Key", key).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"inputs\":{\"subject\":\"" + person.idNo() + "\"}}")).andReturn().getResponse();
            String body = response.getContentAsString();
            assertThat(body).doesNotContain(person.idNo()).doesNotContain(person.name());
            for (String amount : person.amounts()) {
                assertThat(body).as("no stored income").doesNotContain(amount);
            }
            if (!consented) {
                assertThat(response.getStatus()).isEqualTo(422);
                assertThat(body).contains("subject_consent_missing");
                refused++;
            } else if (response.getStatus() == 200 && "SCORED".equals(JsonPath.read(body, "$.answer"))) {
                assertThat(((Number) JsonPath.read(body, "$.score")).doubleValue()).isFinite();
                assertThat((String) JsonPath.read(body, "$.model.kind")).isEqualTo("LINEAR_REGRESSION");
                scored++;
            }
        }
        assertThat(scored).as("consenting persons are scored").isPositive();
        assertThat(refused).as("some demo persons did not consent").isPositive();
    }

    record Person(String idNo, String name, List<String> amounts) {
    }

    /** Forty people with income rows, their stored income amounts as they would print. */
    private List<Person> people() throws Exception {
        var person = datasets.findByCode("person").orElseThrow();
        var income = datasets.findByCode("income").orElseThrow();
        List<Person> found = new ArrayList<>();
        try (DecryptedTable people = vault.open(person.id().toString(), person.currentVersion());
                DecryptedTable incomes = vault.open(income.id().toString(), income.currentVersion());
                Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT p.id_no, p.name, list(CAST(i.amount AS VARCHAR)) "
                        + "FROM read_parquet('" + people.path() + "') p JOIN read_parquet('" + incomes.path()
                        + "') i ON i.id_no = p.id_no WHERE p.name IS NOT NULL GROUP BY p.id_no, p.name "
                        + "ORDER BY p.id_no LIMIT 40")) {
            while (rows.next()) {
                List<String> amounts = new ArrayList<>();
                for (Object amount : (Object[]) rows.getArray(3).getArray()) {
                    if (amount != null && amount.toString().length() >= 4) {
                        amounts.add(amount.toString());
                    }
                }
                found.add(new Person(rows.getString(1), rows.getString(2), amounts));
            }
        }
        assertThat(found).hasSizeGreaterThan(10);
        return found;
    }
}
