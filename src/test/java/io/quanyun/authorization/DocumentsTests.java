package io.quanyun.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;

import io.quanyun.audit.Sm3;
import io.quanyun.support.Api;
import io.quanyun.support.MutableClock;
import io.quanyun.support.PlatformTest;
import io.quanyun.support.WithoutDemoSandbox;

/** Agreement PDFs (Chinese text, SM3 hash, tamper detection) and the filing report against the database. */
@PlatformTest
@Import({MutableClock.Configuration.class, WithoutDemoSandbox.class})
class DocumentsTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired JdbcClient jdbc;
    @Autowired PdfDocuments pdf;
    @Autowired DocumentStore store;
    @Autowired Agreements agreements;
    @Autowired AgreementTemplates templates;

    String bearer(String username) {
        return "Bearer " + Api.issue(mvc, username, Api.PASSWORD);
    }

    static String text(byte[] document) throws Exception {
        PdfReader reader = new PdfReader(document);
        StringBuilder text = new StringBuilder();
        PdfTextExtractor extractor = new PdfTextExtractor(reader);
        for (int page = 1; page <= reader.getNumberOfPages(); page++) {
            text.append(extractor.getTextFromPage(page));
        }
        reader.close();
        return text.toString();
    }

    @Test
    void agreementPdf_containsTheEightClausesInChinese() throws Exception {
        var template = DemoAuthorization.template();
        List<TemplateClause> clauses = template.clauses().entrySet().stream()
                .map(e -> new TemplateClause(e.getKey(), e.getValue())).toList();
        byte[] document = pdf.agreement(new PdfDocuments.AgreementContent("JNSQ-2026-PDF", "医疗数据综合授权",
                CallMode.COMPREHENSIVE, "泉城数据科技有限公司", "张伟", "济南市大数据局", "门诊就诊记录（clinic_visit）", 36,
                "示范文本", 2, clauses, Instant.parse("2026-03-01T02:00:00Z")));
        assertThat(new String(document, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        String text = text(document).replaceAll("\\s+", "");
        assertThat(text).contains("济南市公共数据授权运营协议", "泉城数据科技有限公司", "张伟", "36个月");
        for (ClauseKind kind : ClauseKind.values()) {
            assertThat(text).contains(kind.headingZh());
        }
        assertThat(text).contains("违约责任", "资产处置", "原始数据不出平台");
        assertThat(Sm3.hex(document)).hasSize(64);
    }

    @Test
    void signedAgreement_matchesItsHash_andATamperedPdfDoesNot() throws Exception {
        String operator = bearer("operator");
        String list = mvc.perform(get("/api/v1/agreements").header("Authorization", operator))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        // fully signed (active, or already expired when another test moved the shared clock years ahead)
        List<String> active = JsonPath.read(list, "$[?(@.activatedAt != null)].id");
        assertThat(active).as("the demo's signed agreement for operator").isNotEmpty();
        String id = active.get(0);
        byte[] document = mvc.perform(get("/api/v1/agreements/" + id + "/document").header("Authorization", operator))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        assertThat(text(document)).contains("授权运营协议");
        mvc.perform(multipart("/api/v1/agreements/" + id + "/verification")
                .file(new MockMultipartFile("document", "a.pdf", "application/pdf", document))
                .header("Authorization", operator)).andExpect(status().isOk())
                .andExpect(jsonPath("$.matches").value(true))
                .andExpect(jsonPath("$.signatures.length()").value(2));
        byte[] tampered = document.clone();
        tampered[tampered.length / 2] ^= 1;
        mvc.perform(multipart("/api/v1/agreements/" + id + "/verification")
                .file(new MockMultipartFile("document", "a.pdf", "application/pdf", tampered))
                .header("Authorization", operator)).andExpect(status().isOk())
                .andExpect(jsonPath("$.matches").value(false));
        // nobody else sees it
        mvc.perform(get("/api/v1/agreements/" + id).header("Authorization", bearer("operator2")))
                .andExpect(status().isNotFound());
    }

    @Test
    void signing_aTamperedStoredDocument_isRefused() throws Exception {
        // the demo operator's agreement: the one 'operator' signs below (other tests add agreements of others)
        Agreement existing = agreements.findAllByOrderByGeneratedAtDesc().stream()
                .filter(a -> a.view().operatorName().equals("泉城数据科技有限公司")).findFirst().orElseThrow();
        Call call = null;
        UUID id = UUID.randomUUID();
        byte[] document = pdf.agreement(new PdfDocuments.AgreementContent("JNSQ-T-" + id.toString().substring(0, 6),
                "篡改测试", CallMode.COMPREHENSIVE, existing.view().operatorName(), "张伟", existing.authorizerName(), "—",
                12, "示范文本", 1, DemoAuthorization.template().clauses().entrySet().stream()
                        .map(e -> new TemplateClause(e.getKey(), e.getValue())).toList(), clock.instant()));
        store.write(AgreementManagement.DOCUMENTS, id + ".pdf", document);
        AgreementTemplate template = templates.findByState(TemplateState.CURRENT).orElseThrow();
        // a second agreement for the same call needs another application id: reuse is refused by the schema,
        // so this fixture uses the call of the existing one and a fresh application row is not needed here
        Agreement fresh = Agreement.generate(id, "JNSQ-T-" + id.toString().substring(0, 8), existing.callId(),
                existing.view().applicationId(), template.id(), template.templateVersion(), CallMode.COMPREHENSIVE,
                existing.operatorId(), existing.view().operatorName(), "张伟", existing.authorizerId(),
                existing.authorizerName(), 12, id + ".pdf", Sm3.hex(document), clock.instant());
        assertThat(call).isNull();
        jdbc.sql("alter table authorization_agreement drop constraint agreement_one_per_application_uq").update();
        try {
            agreements.save(fresh);
            Files.write(store.resolve(AgreementManagement.DOCUMENTS, id + ".pdf"), java.util.Arrays.copyOf(document,
                    document.length + 1));
            mvc.perform(post("/api/v1/agreements/" + id + "/signatures").header("Authorization", bearer("operator")))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.code").value("document_tampered"));
            assertThat(jdbc.sql("select count(*) from audit_entry where action = 'authorization.agreement.sign' and "
                    + "outcome = 'REFUSED' and object_id = ?").param(id.toString()).query(Long.class).single())
                    .isEqualTo(1);
        } finally {
            jdbc.sql("delete from agreement_signature where agreement_id = ?").param(id).update();
            jdbc.sql("delete from authorization_agreement where id = ?").param(id).update();
            jdbc.sql("alter table authorization_agreement add constraint agreement_one_per_application_uq unique (application_id)")
                    .update();
        }
    }

    @Test
    void filingReport_figuresMatchTheDatabase_andRenderInChinese() throws Exception {
        Instant from = Instant.parse("2020-01-01T00:00:00Z");
        Instant to = clock.instant().plus(Duration.ofDays(1));
        String bureau = bearer("bureau");
        String json = mvc.perform(get("/api/v1/filings").param("from", from.toString()).param("to", to.toString())
                .header("Authorization", bureau)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        long published = jdbc.sql("select count(*) from authorization_call where published_at >= ? and published_at < ?")
                .param(ts(from)).param(ts(to)).query(Long.class).single();
        long submitted = jdbc.sql("select count(*) from authorization_application where submitted_at >= ? and submitted_at < ?")
                .param(ts(from)).param(ts(to)).query(Long.class).single();
        long generated = jdbc.sql("select count(*) from authorization_agreement where generated_at >= ? and generated_at < ?")
                .param(ts(from)).param(ts(to)).query(Long.class).single();
        long activated = jdbc.sql("select count(*) from authorization_agreement where activated_at >= ? and activated_at < ?")
                .param(ts(from)).param(ts(to)).query(Long.class).single();
        assertThat(published).isPositive();
        assertThat(((Number) JsonPath.read(json, "$.callsPublished")).longValue()).isEqualTo(published);
        assertThat(((Number) JsonPath.read(json, "$.applicationsSubmitted")).longValue()).isEqualTo(submitted);
        assertThat(((Number) JsonPath.read(json, "$.agreementsGenerated")).longValue()).isEqualTo(generated);
        assertThat(((Number) JsonPath.read(json, "$.agreementsActivated")).longValue()).isEqualTo(activated);
        assertThat(JsonPath.<List<?>>read(json, "$.calls")).hasSize((int) published);
        Map<String, Integer> agreementStates = JsonPath.read(json, "$.agreementsByState");
        long byState = jdbc.sql("select count(*) from authorization_agreement g join authorization_call c on c.id = g.call_id "
                + "where c.published_at >= ? and c.published_at < ?").param(ts(from)).param(ts(to)).query(Long.class).single();
        assertThat(agreementStates.values().stream().mapToLong(Integer::longValue).sum()).isEqualTo(byState);

        byte[] document = mvc.perform(get("/api/v1/filings/document").param("from", from.toString())
                .param("to", to.toString()).header("Authorization", bureau)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        String text = text(document).replaceAll("\\s+", "");
        assertThat(text).contains("公共数据授权运营情况汇总", "期间发布申报公告" + published + "个", "收到申报" + submitted + "份",
                "泉城数据科技有限公司");
        mvc.perform(get("/api/v1/filings").param("from", from.toString()).param("to", to.toString())
                .header("Authorization", bearer("operator"))).andExpect(status().isForbidden());
    }

    /** Other tests of the suite's shared database publish and sign on moved clocks: count within the report's period. */
    private static java.sql.Timestamp ts(Instant instant) {
        return java.sql.Timestamp.from(instant);
    }

    org.springframework.mock.web.MockHttpSession signIn(String username) throws Exception {
        return (org.springframework.mock.web.MockHttpSession) mvc.perform(post("/login")
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf())
                .param("username", username).param("password", Api.PASSWORD))
                .andExpect(status().is3xxRedirection()).andReturn().getRequest().getSession();
    }

    @Test
    void consoleAndPortalPages_render() throws Exception {
        String page = mvc.perform(get("/portal/calls")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("门诊就诊数据分领域授权运营", "2026年度公共数据综合授权运营");
        UUID finished = jdbc.sql("select id from authorization_call where state = 'CONCLUDED' order by created_at limit 1")
                .query(UUID.class).single();
        assertThat(mvc.perform(get("/portal/calls/" + finished)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString()).contains("入围名单公示", "泉城数据科技有限公司");
        var operator = signIn("operator");
        String console = mvc.perform(get("/authorization").session(operator)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(console).contains("授权运营", "JNSQ-");
        UUID agreement = jdbc.sql("select id from authorization_agreement where activated_at is not null and operator_name = '泉城数据科技有限公司' order by number limit 1")
                .query(UUID.class).single();
        assertThat(mvc.perform(get("/authorization/agreements/" + agreement).session(operator))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString()).contains("OPERATOR", "AUTHORIZER");
        var bureau = signIn("bureau");
        mvc.perform(get("/authorization/calls/" + finished).session(bureau)).andExpect(status().isOk());
        UUID review = jdbc.sql("select r.id from authorization_review r join app_user u on u.id = r.expert_user_id where u.username = 'expert1' order by r.assigned_at limit 1").query(UUID.class).single();
        mvc.perform(get("/authorization/reviews/" + review).session(signIn("expert1"))).andExpect(status().isOk());
    }
}
