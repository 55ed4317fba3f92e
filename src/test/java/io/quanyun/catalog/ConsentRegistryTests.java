package io.quanyun.catalog;

import static io.quanyun.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.catalog.demo.DemoDataGenerator;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;
import io.quanyun.support.PlatformTest;

/** The consent registry (Art. 6): keyed hashes only, single and bulk recording, withdrawal, shares. */
@PlatformTest
class ConsentRegistryTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired ConsentRegistry consents;
    @Autowired CatalogManagement catalog;
    @Autowired IdentityManagement identity;
    @Value("${quanyun.demo.people}") int people;
    @Value("${quanyun.demo.seed:" + DemoDataGenerator.DEFAULT_SEED + "}") long seed;

    /** The identity numbers of the demo people, as the demo vault holds them. */
    List<String> demoIds() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DemoDataGenerator(seed, people).write("person", out);
        return Arrays.stream(out.toString(StandardCharsets.UTF_8).split("\n")).skip(1).map(l -> l.split(",")[0])
                .toList();
    }

    UUID operator(String name) {
        return Actors.runAs(Actor.system(), () -> identity.organizationsOfType(OrganizationType.OPERATOR)).stream()
                .filter(o -> o.name().equals(name)).findFirst().orElseThrow().id();
    }

    @Test
    void consent_isRecordedAsAKeyedHash_answeredAndWithdrawn() throws Exception {
        String subject = demoIds().get(10);
        UUID operator = operator("泉城数据科技有限公司");
        String body = mvc.perform(post("/api/v1/catalog/consents").header("Authorization", bearer(mvc, "provider"))
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"subjectKind":"PERSON","identifier":"%s","purpose":"health-research","operatorId":"%s",
                         "validUntil":"%s"}""".formatted(subject, operator, LocalDate.now().plusYears(1))))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        assertThat(body).doesNotContain(subject);
        String hash = JsonPath.read(body, "$.subjectHash");
        assertThat(hash).matches("[0-9a-f]{64}").isEqualTo(consents.subjectHash().of(subject));
        assertThat(jdbc.sql("select count(*) from consent_record where subject_hash like :raw")
                .param("raw", "%" + subject + "%").query(Long.class).single()).isZero();
        assertThat(String.join("", jdbc.sql("select details from audit_entry").query(String.class).list()))
                .doesNotContain(subject);

        String check = "{\"identifier\":\"%s\",\"purpose\":\"health-research\",\"operatorId\":\"%s\"}"
                .formatted(subject, operator);
        mvc.perform(post("/api/v1/catalog/consents/check").header("Authorization", bearer(mvc, "operator"))
                .contentType(MediaType.APPLICATION_JSON).content(check)).andExpect(jsonPath("$.consented").value(true));
        // another operator may not ask about this operator's consents
        mvc.perform(post("/api/v1/catalog/consents/check").header("Authorization", bearer(mvc, "operator2"))
                .contentType(MediaType.APPLICATION_JSON).content(check)).andExpect(status().isForbidden());
        // another purpose: no consent
        assertThat(Actors.runAs(Actor.system(), () -> consents.hasConsented(subject, "marketing", operator))).isFalse();

        UUID consent = UUID.fromString(JsonPath.read(body, "$.id"));
        mvc.perform(post("/api/v1/catalog/consents/" + consent + "/withdraw").header("Authorization",
                bearer(mvc, "provider"))).andExpect(status().isOk()).andExpect(jsonPath("$.withdrawnAt").exists());
        mvc.perform(post("/api/v1/catalog/consents/check").header("Authorization", bearer(mvc, "operator"))
                .contentType(MediaType.APPLICATION_JSON).content(check)).andExpect(jsonPath("$.consented").value(false));
    }

    @Test
    void invalidIdentifiers_andWrongRoles_areRefused() throws Exception {
        UUID operator = operator("泉城数据科技有限公司");
        String bad = """
                {"subjectKind":"PERSON","identifier":"370102198001010011","purpose":"p","operatorId":"%s",
                 "validUntil":"2030-01-01"}""".formatted(operator);
        String refused = mvc.perform(post("/api/v1/catalog/consents").header("Authorization", bearer(mvc, "provider"))
                .contentType(MediaType.APPLICATION_JSON).content(bad)).andExpect(status().isBadRequest())
                .andReturn().getResponse().getContentAsString();
        assertThat((String) JsonPath.read(refused, "$.code")).isEqualTo("invalid_subject_identifier");
        assertThat(refused).doesNotContain("370102198001010011");
        String good = bad.replace("370102198001010011", demoIds().get(0));
        mvc.perform(post("/api/v1/catalog/consents").header("Authorization", bearer(mvc, "operator"))
                .contentType(MediaType.APPLICATION_JSON).content(good)).andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/catalog/consents").header("Authorization", bearer(mvc, "provider"))
                .contentType(MediaType.APPLICATION_JSON).content(good.replace(operator.toString(),
                        UUID.randomUUID().toString()))).andExpect(status().isBadRequest());
    }

    @Test
    void bulkConsents_giveTheShareOfADatasetsSubjects_computedLikeInDuckDb() throws Exception {
        List<String> ids = demoIds();
        UUID operator = operator("齐鲁征信服务有限公司");
        StringBuilder csv = new StringBuilder("identifier\n");
        for (int i = 0; i < ids.size(); i += 10) {
            csv.append(ids.get(i)).append('\n');
        }
        int expected = (ids.size() + 9) / 10;
        mvc.perform(post("/api/v1/catalog/consents/bulk").header("Authorization", bearer(mvc, "bureau"))
                .param("subjectKind", "PERSON").param("purpose", "credit-scoring").param("operatorId", operator.toString())
                .param("validUntil", LocalDate.now().plusYears(2).toString())
                .contentType("text/csv").content(csv.toString()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.recorded").value(expected));

        UUID person = catalog.findByCode("person").orElseThrow().id();
        mvc.perform(get("/api/v1/catalog/consents/share").header("Authorization", bearer(mvc, "operator2"))
                .param("datasetId", person.toString()).param("purpose", "credit-scoring")
                .param("operatorId", operator.toString()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.subjects").value(ids.size()))
                .andExpect(jsonPath("$.consenting").value(expected));
        mvc.perform(get("/api/v1/catalog/consents/share").param("datasetId", person.toString())
                .param("purpose", "credit-scoring").param("operatorId", operator.toString()))
                .andExpect(status().isForbidden());

        // a bad line refuses the whole upload, naming the line and never the value
        String refused = mvc.perform(post("/api/v1/catalog/consents/bulk").header("Authorization", bearer(mvc, "bureau"))
                .param("subjectKind", "PERSON").param("purpose", "other").param("operatorId", operator.toString())
                .param("validUntil", "2030-01-01").contentType("text/csv")
                .content("identifier\n" + ids.get(1) + "\n370102198001010011\n"))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat((String) JsonPath.read(refused, "$.errors[0].field")).isEqualTo("line 3");
        assertThat(refused).doesNotContain("370102198001010011");
        assertThat(jdbc.sql("select count(*) from consent_record where purpose = 'other'").query(Long.class).single())
                .isZero();

        // the sandbox's DuckDB expression gives the same hash as the registry
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duckdb.createStatement();
                ResultSet r = s.executeQuery("SELECT " + consents.subjectHash().sqlExpression("' " + ids.get(3).toLowerCase()
                        + " '"))) {
            r.next();
            assertThat(r.getString(1)).isEqualTo(consents.subjectHash().of(ids.get(3)));
        }
    }
}
