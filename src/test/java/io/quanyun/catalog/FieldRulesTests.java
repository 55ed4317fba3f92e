package io.quanyun.catalog;

import static io.quanyun.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItems;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.support.PlatformTest;

/**
 * Validity rules are declared in the schema by the provider (check, pattern, range, allowed values, required),
 * changed later by the provider alone, and applied by the quality figures of each new version and by ingestion.
 */
@PlatformTest
class FieldRulesTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired CatalogManagement catalog;

    static String datasetJson(String code) {
        return """
                {"code":"%s","name":"规则测试","description":"d","domains":["FINANCE"],"updateFrequency":"DAILY",
                 "fields":[{"name":"id_no","type":"STRING","classification":"IMPORTANT","personalInformation":"SENSITIVE",
                            "disclosureRole":"DIRECT_IDENTIFIER","privacyUnit":true,"nullable":false,
                            "rules":{"check":"ID_CARD_NUMBER"}},
                           {"name":"district","type":"STRING","classification":"GENERAL","personalInformation":"PERSONAL",
                            "disclosureRole":"QUASI_IDENTIFIER","rules":{"allowedValues":["历下区","市中区"]}},
                           {"name":"plate","type":"STRING","classification":"GENERAL","personalInformation":"PERSONAL",
                            "disclosureRole":"DIRECT_IDENTIFIER","rules":{"pattern":"鲁A[A-HJ-NP-Z0-9]{5}"}},
                           {"name":"amount","type":"DECIMAL","classification":"IMPORTANT","personalInformation":"SENSITIVE",
                            "disclosureRole":"SENSITIVE_ATTRIBUTE","rules":{"minimum":"0","maximum":"1000000"}},
                           {"name":"visit_date","type":"DATE","classification":"GENERAL","personalInformation":"PERSONAL",
                            "disclosureRole":"QUASI_IDENTIFIER","rules":{"minimum":"2020-01-01","maximum":"today"}},
                           {"name":"note","type":"STRING","classification":"GENERAL","personalInformation":"NONE",
                            "disclosureRole":"PLAIN_ATTRIBUTE"}]}
                """.formatted(code);
    }

    static final String HEADER = "id_no,district,plate,amount,visit_date,note\n";

    UUID published(String code) throws Exception {
        String body = mvc.perform(post("/api/v1/catalog/datasets").header("Authorization", bearer(mvc, "provider-tax"))
                .contentType(MediaType.APPLICATION_JSON).content(datasetJson(code)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.fields[0].nullable").value(false))
                .andExpect(jsonPath("$.fields[0].rules.check").value("ID_CARD_NUMBER"))
                .andExpect(jsonPath("$.fields[1].rules.allowedValues", hasItems("历下区", "市中区")))
                .andReturn().getResponse().getContentAsString();
        UUID id = UUID.fromString(JsonPath.read(body, "$.id"));
        mvc.perform(post("/api/v1/catalog/datasets/" + id + "/submit").header("Authorization",
                bearer(mvc, "provider-tax"))).andExpect(status().isOk());
        mvc.perform(post("/api/v1/catalog/datasets/" + id + "/publish").header("Authorization",
                bearer(mvc, "bureau"))).andExpect(status().isOk());
        return id;
    }

    @Test
    void declaredRules_countInvalidValues_perField() throws Exception {
        UUID id = published("rules_q_" + suffix());
        // row 3 breaks every declared rule once: a wrong check digit, an unlisted district, a foreign plate, a
        // negative amount and a date before the minimum
        String csv = HEADER
                + "370102198001010015,历下区,鲁A12345,100.5,2024-03-01,x\n"
                + "370102198001010016,天桥区,京B12345,-1,2019-12-31,y\n"
                + "370102198001010031,市中区,鲁AHJ0Z9,1000000,2020-01-01,\n";

        String created = CatalogIngestionTests.upload(mvc, id, csv, 201);

        assertThat((Integer) JsonPath.read(created, "$.quality.fields[0].invalidCount")).isEqualTo(1);
        DatasetVersion version = catalog.currentVersion(id).orElseThrow();
        for (String field : new String[] {"id_no", "district", "plate", "amount", "visit_date"}) {
            FieldQuality quality = version.quality().field(field).orElseThrow();
            assertThat(quality.invalidCount()).as(field).isEqualTo(1);
            assertThat(quality.validity()).as(field).isEqualTo(2.0 / 3);
            assertThat(quality.rules()).as(field).isNotBlank();
        }
        assertThat(version.quality().field("id_no").orElseThrow().rule()).isEqualTo(ValidityRule.ID_CARD_NUMBER);
        assertThat(version.quality().field("district").orElseThrow().rules()).isEqualTo("in {历下区, 市中区}");
        assertThat(version.quality().field("visit_date").orElseThrow().rules()).isEqualTo("2020-01-01..today");
        assertThat(version.quality().field("note").orElseThrow().validity()).isNull();
        // the public page shows the declared rules, never a value
        String page = mvc.perform(get("/catalog/" + id)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("pattern 鲁A[A-HJ-NP-Z0-9]{5}").contains("0..1000000").doesNotContain("京B12345");
    }

    @Test
    void requiredField_missingValue_isRefusedWithItsLine_andThePreviousVersionServes() throws Exception {
        UUID id = published("rules_r_" + suffix());
        CatalogIngestionTests.upload(mvc, id, HEADER + "370102198001010015,历下区,鲁A12345,1,2024-03-01,x\n", 201);

        String refused = CatalogIngestionTests.upload(mvc, id, HEADER
                + "370102198001010015,历下区,鲁A12345,1,2024-03-01,x\n"
                + ",市中区,鲁A12346,2,2024-03-02,y\n", 400);

        assertThat(refused).contains("ingestion_refused");
        assertThat((Integer) JsonPath.read(refused, "$.errors[0].line")).isEqualTo(3);
        assertThat((String) JsonPath.read(refused, "$.errors[0].field")).isEqualTo("id_no");
        assertThat(Actors.runAs(Actor.system(), () -> catalog.dataset(id).currentVersion())).isEqualTo(1);
    }

    @Test
    void provider_changesARule_laterVersionsApplyIt_othersAreRefused_badRulesExplained() throws Exception {
        UUID id = published("rules_c_" + suffix());
        String csv = HEADER + "370102198001010015,天桥区,鲁A12345,1,2024-03-01,x\n";
        CatalogIngestionTests.upload(mvc, id, csv, 201);
        assertThat(catalog.currentVersion(id).orElseThrow().quality().field("district").orElseThrow().validity())
                .isEqualTo(0.0);

        mvc.perform(put("/api/v1/catalog/datasets/" + id + "/fields/district/rules")
                .header("Authorization", bearer(mvc, "provider-tax")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"allowedValues\":[\"历下区\",\"天桥区\"]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.fields[1].rules.allowedValues", hasItems("历下区", "天桥区")));
        CatalogIngestionTests.upload(mvc, id, csv, 201);
        assertThat(catalog.currentVersion(id).orElseThrow().quality().field("district").orElseThrow().validity())
                .isEqualTo(1.0);
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'catalog.dataset.rules'"
                + " and object_id = :id and outcome = 'SUCCESS'").param("id", id.toString()).query(Long.class).single())
                .isEqualTo(1);

        // another provider may not
        mvc.perform(put("/api/v1/catalog/datasets/" + id + "/fields/district/rules")
                .header("Authorization", bearer(mvc, "provider-health")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"allowedValues\":[\"x\"]}"))
                .andExpect(status().isForbidden());
        // a pattern on a number, a range that is not a number, a back-reference: each explained
        mvc.perform(put("/api/v1/catalog/datasets/" + id + "/fields/amount/rules")
                .header("Authorization", bearer(mvc, "provider-tax")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"pattern\":\"[0-9]+\",\"minimum\":\"zero\",\"check\":\"PHONE\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("validation_failed"))
                .andExpect(jsonPath("$.errors[*].field", hasItems("rules.pattern", "rules.minimum", "rules.check")));
        mvc.perform(put("/api/v1/catalog/datasets/" + id + "/fields/plate/rules")
                .header("Authorization", bearer(mvc, "provider-tax")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"pattern\":\"(a)\\\\\\\\1\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", hasItems("rules.pattern")));
        mvc.perform(put("/api/v1/catalog/datasets/" + id + "/fields/nothing/rules")
                .header("Authorization", bearer(mvc, "provider-tax")).contentType(MediaType.APPLICATION_JSON)
                .content("{}"))
                .andExpect(status().isNotFound());
        // the stored rules are as they were
        assertThat(Actors.runAs(Actor.system(), () -> catalog.dataset(id)).field("amount").orElseThrow().rules()
                .minimum()).isEqualTo("0");
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
