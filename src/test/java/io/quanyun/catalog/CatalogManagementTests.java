package io.quanyun.catalog;

import static io.quanyun.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.shared.Zones;
import io.quanyun.support.PlatformTest;

/** Registration, review and publication of datasets; the public catalog shows metadata only. */
@PlatformTest
class CatalogManagementTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired CatalogManagement catalog;

    static String datasetJson(String code) {
        return """
                {"code":"%s","name":"测试数据集","description":"d","domains":["PUBLIC_GOVERNANCE"],"updateFrequency":"DAILY",
                 "fields":[{"name":"id_no","label":"身份号码","type":"STRING","classification":"IMPORTANT",
                            "personalInformation":"SENSITIVE","disclosureRole":"DIRECT_IDENTIFIER","privacyUnit":true},
                           {"name":"score","type":"INTEGER","classification":"GENERAL","personalInformation":"NONE",
                            "disclosureRole":"PLAIN_ATTRIBUTE"}]}
                """.formatted(code);
    }

    String register(String username, String code) throws Exception {
        String body = mvc.perform(post("/api/v1/catalog/datasets").header("Authorization", bearer(mvc, username))
                .contentType(MediaType.APPLICATION_JSON).content(datasetJson(code)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return JsonPath.read(body, "$.id");
    }

    @Test
    void publicCatalog_listsTheFiveDemoDatasets_withFieldsAndClassification_withoutSignIn() throws Exception {
        mvc.perform(get("/api/v1/catalog/datasets"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].code", hasItems("person", "income", "clinic_visit", "vehicle", "enterprise")))
                .andExpect(jsonPath("$[?(@.code == 'person')].fields[*].name",
                        hasItems("id_no", "name", "gender", "birth_date", "district", "address", "phone")))
                .andExpect(jsonPath("$[?(@.code == 'income')].fields[?(@.name == 'amount')].personalInformation",
                        hasItems("SENSITIVE")));
        mvc.perform(get("/catalog")).andExpect(status().isOk())
                .andExpect(content().string(containsString("常住人口基本信息")))
                .andExpect(content().string(containsString("含敏感个人信息")));
    }

    @Test
    void demoDatasets_areRegisteredForThreeYears() {
        var person = catalog.findByCode("person").orElseThrow();
        assertThat(person.state()).isEqualTo(DatasetState.PUBLISHED);
        List<RegistrationRecord> records = io.quanyun.shared.Actors.runAs(io.quanyun.shared.Actor.system(),
                () -> catalog.registrations(person.id()));
        assertThat(records).hasSize(1);
        assertThat(records.get(0).kind()).isEqualTo(RegistrationKind.INITIAL);
        assertThat(records.get(0).registrationCode()).matches("JNSJDJ-\\d{4}-\\d{6}");
        assertThat(records.get(0).validUntil())
                .isEqualTo(records.get(0).registeredAt().atZoneSameInstant(Zones.SHANGHAI).toLocalDate().plusYears(3));
    }

    @Test
    void providerRegisters_submits_authorityPublishes_andTheRegistrationIsRecorded() throws Exception {
        String code = "review_" + (System.nanoTime() % 1_000_000);
        String id = register("provider-health", code);
        // a draft is not public
        mvc.perform(get("/api/v1/catalog/datasets/" + id)).andExpect(status().isNotFound());
        // only its provider submits it
        mvc.perform(post("/api/v1/catalog/datasets/" + id + "/submit").header("Authorization", bearer(mvc, "provider")))
                .andExpect(status().isForbidden());
        // the authority cannot publish a draft
        mvc.perform(post("/api/v1/catalog/datasets/" + id + "/publish").header("Authorization", bearer(mvc, "bureau")))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("illegal_state_transition"));
        mvc.perform(post("/api/v1/catalog/datasets/" + id + "/submit")
                .header("Authorization", bearer(mvc, "provider-health")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("UNDER_REVIEW"));
        // a provider cannot publish
        mvc.perform(post("/api/v1/catalog/datasets/" + id + "/publish")
                .header("Authorization", bearer(mvc, "provider-health"))).andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/catalog/datasets/" + id + "/publish").header("Authorization", bearer(mvc, "bureau")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("PUBLISHED"));
        mvc.perform(get("/api/v1/catalog/datasets/" + id + "/registrations"))
                .andExpect(status().isOk()).andExpect(jsonPath("$[0].kind").value("INITIAL"));
        // withdrawal needs a reason and deregisters
        mvc.perform(post("/api/v1/catalog/datasets/" + id + "/withdraw").header("Authorization", bearer(mvc, "bureau"))
                .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("reason"));
        mvc.perform(post("/api/v1/catalog/datasets/" + id + "/withdraw").header("Authorization", bearer(mvc, "bureau"))
                .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"数据源停止更新\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("WITHDRAWN"));
        String registrations = mvc.perform(get("/api/v1/catalog/datasets/" + id + "/registrations")
                .header("Authorization", bearer(mvc, "bureau"))).andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(registrations, "$[*].kind")).containsExactly("INITIAL", "DEREGISTRATION");
        // every step is audited, the refusals too
        assertThat(jdbc.sql("select count(*) from audit_entry where object_id = ? and outcome = 'REFUSED'").param(id)
                .query(Long.class).single()).isGreaterThanOrEqualTo(2);
        assertThat(jdbc.sql("select count(*) from audit_entry where object_id = ? and outcome = 'SUCCESS'").param(id)
                .query(Long.class).single()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void operatorsAndExperts_cannotRegisterDatasets() throws Exception {
        for (String user : List.of("operator", "expert1", "maintainer", "bureau")) {
            mvc.perform(post("/api/v1/catalog/datasets").header("Authorization", bearer(mvc, user))
                    .contentType(MediaType.APPLICATION_JSON).content(datasetJson("nope_" + user.replace("-", ""))))
                    .andExpect(status().isForbidden());
        }
        mvc.perform(post("/api/v1/catalog/datasets").contentType(MediaType.APPLICATION_JSON).content(datasetJson("anon")))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void badSchemas_areRefusedTogether_andNothingIsStored() throws Exception {
        long before = jdbc.sql("select count(*) from dataset").query(Long.class).single();
        mvc.perform(post("/api/v1/catalog/datasets").header("Authorization", bearer(mvc, "provider"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"code":"Bad Code","name":"","domains":[],"updateFrequency":"SOMETIMES",
                         "fields":[{"name":"a","type":"BLOB","classification":"GENERAL","personalInformation":"NONE",
                                    "disclosureRole":"PLAIN_ATTRIBUTE","privacyUnit":true},
                                   {"name":"a","type":"STRING"}]}
                        """))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("validation_failed"))
                .andExpect(jsonPath("$.errors[*].field", hasItems("code", "name", "domains", "updateFrequency",
                        "fields[0].type", "fields[0].privacyUnit", "fields[1].name", "fields[1].classification")));
        assertThat(jdbc.sql("select count(*) from dataset").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void renewal_extendsTheRegistration() throws Exception {
        var income = catalog.findByCode("income").orElseThrow();
        mvc.perform(post("/api/v1/catalog/datasets/" + income.id() + "/renew").header("Authorization", bearer(mvc, "bureau")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.kind").value("RENEWAL"))
                .andExpect(jsonPath("$.validUntil").value(LocalDate.now(Zones.SHANGHAI).plusYears(3).toString()));
        mvc.perform(post("/api/v1/catalog/datasets/" + income.id() + "/renew").header("Authorization", bearer(mvc, "provider-tax")))
                .andExpect(status().isForbidden());
    }

    @Test
    void publishedDataset_amendmentAndCorrection_areRegistered() throws Exception {
        var enterprise = catalog.findByCode("enterprise").orElseThrow();
        String amendment = """
                {"name":"市场主体登记信息","description":"企业登记注册信息（合成演示数据，含注销状态说明）",
                 "domains":["CREDIT","FINANCE"],"updateFrequency":"DAILY","note":"补充数据说明"}
                """;
        mvc.perform(post("/api/v1/catalog/datasets/" + enterprise.id() + "/amendment")
                .header("Authorization", bearer(mvc, "provider")).contentType(MediaType.APPLICATION_JSON).content(amendment))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/catalog/datasets/" + enterprise.id() + "/amendment")
                .header("Authorization", bearer(mvc, "provider-market")).contentType(MediaType.APPLICATION_JSON)
                .content(amendment))
                .andExpect(status().isOk()).andExpect(jsonPath("$.kind").value("CHANGE"));
        mvc.perform(post("/api/v1/catalog/datasets/" + enterprise.id() + "/correction")
                .header("Authorization", bearer(mvc, "provider-market")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"reason\":\"x\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/catalog/datasets/" + enterprise.id() + "/correction")
                .header("Authorization", bearer(mvc, "bureau")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"reason\":\"更正提供单位联系信息\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.kind").value("CORRECTION"));
        mvc.perform(get("/api/v1/catalog/datasets/" + enterprise.id()))
                .andExpect(jsonPath("$.description").value("企业登记注册信息（合成演示数据，含注销状态说明）"));
        String history = mvc.perform(get("/api/v1/catalog/datasets/" + enterprise.id() + "/registrations"))
                .andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(history, "$[*].kind")).contains("INITIAL", "CHANGE", "CORRECTION");
    }
}
