package io.quanyun.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import com.jayway.jsonpath.JsonPath;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;

import io.quanyun.access.GrantDescriptor;
import io.quanyun.sandbox.ModelKind;
import io.quanyun.sandbox.SandboxTestGrants;
import io.quanyun.sandbox.TrainModel;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.QuanyunException;
import io.quanyun.support.Api;
import io.quanyun.support.PlatformTest;

/**
 * Statistics, report and model products over HTTP on the sandbox's demo tables: only approved exports of the
 * product's own grant back them, a new export makes a new revision, the public catalog and listing package show
 * metadata only, and no page, package or PDF carries a stored value.
 */
@PlatformTest
@Import(SandboxTestGrants.class)
class ProductFormsTests {

    /** Stored values of the demo tables: id-card numbers, names, addresses and phone numbers. */
    static final List<Pattern> STORED_VALUES = List.of(Pattern.compile("3701\\d{14}"), Pattern.compile("张\\d+"),
            Pattern.compile("经十路\\d+号"), Pattern.compile("138\\d{8}"));

    @Autowired MockMvc mvc;
    @Autowired SandboxTestGrants.TestGrantDirectory grants;
    @Autowired JdbcClient jdbc;
    @Autowired ModelScoring scoring;

    GrantDescriptor grant;
    UUID workspace;

    @BeforeEach
    void grantAndWorkspace() throws Exception {
        grant = grants.grant("区县人口统计服务", "THRESHOLD", BigDecimal.TEN, BigDecimal.ONE, "person", "income");
        workspace = workspace(grant);
    }

    @Test
    void statisticsProduct_publishesApprovedExport_listsPublicly_andNewExportMakesNewRevision() throws Exception {
        String product = register("DATA_SERVICE", "区县人口分布", "FREE", null);
        String exportId = approvedExport("SELECT district, COUNT(*) AS n FROM person GROUP BY district", "区县人口统计");

        String table = body(as("operator", post("/api/v1/products/" + product + "/statistics")
                .contentType(MediaType.APPLICATION_JSON).content("{\"exportId\":\"" + exportId + "\"}")));
        assertThat((Integer) JsonPath.read(table, "$.revision")).isEqualTo(1);
        assertThat((List<String>) JsonPath.read(table, "$.columns[*].name")).containsExactly("district", "n");
        assertThat((List<String>) JsonPath.read(table, "$.reviewers")).containsExactly("bureau", "district");

        // not listed yet: the public gets nothing
        assertThat(mvc.perform(get("/api/v1/public/products/" + product + "/data")).andReturn().getResponse()
                .getStatus()).isEqualTo(409);
        list(product);

        MvcResult open = mvc.perform(get("/api/v1/public/products/" + product + "/data")).andReturn();
        assertThat(open.getResponse().getStatus()).isEqualTo(200);
        String data = open.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat((String) JsonPath.read(data, "$.exportId")).isEqualTo(exportId);
        assertThat((List<?>) JsonPath.read(data, "$.rows")).isNotEmpty();
        String csvSm3 = jdbc.sql("select csv_sm3 from sandbox_export where id = :id").param("id", UUID.fromString(exportId))
                .query(String.class).single();
        assertThat((String) JsonPath.read(data, "$.csvSm3")).isEqualTo(csvSm3);

        // the operator re-runs and re-exports: a new revision is served
        String second = approvedExport("SELECT gender, COUNT(*) AS n FROM person GROUP BY gender", "性别分布更新");
        as("operator", post("/api/v1/products/" + product + "/statistics").contentType(MediaType.APPLICATION_JSON)
                .content("{\"exportId\":\"" + second + "\"}"));
        String refreshed = body(mvc.perform(get("/api/v1/public/products/" + product + "/data")).andReturn());
        assertThat((Integer) JsonPath.read(refreshed, "$.revision")).isEqualTo(2);
        assertThat((String) JsonPath.read(refreshed, "$.exportId")).isEqualTo(second);

        String page = body(mvc.perform(get("/portal/products/" + product)).andReturn());
        assertThat(page).contains("区县人口分布").contains("data-testid=\"statistics-table\"").contains(second);
        // who supervises it and who answers for it (Art. 14)
        assertThat(page).contains("data-testid=\"authorizer\">济南市大数据局<", "data-testid=\"responsible\">张伟<");
        assertNoStoredValue(page);
        assertNoStoredValue(refreshed);

        // its grant suspended: the table is withheld at once
        grants.setState(grant.id(), io.quanyun.access.GrantState.SUSPENDED);
        assertThat(code(mvc.perform(get("/api/v1/public/products/" + product + "/data")).andReturn()))
                .isEqualTo("product_not_listed");
    }

    @Test
    void statisticsProduct_refusesExportsNotApprovedOrFromAnotherGrant() throws Exception {
        String product = register("DATA_SERVICE", "收入统计", "FREE", null);
        String queryId = JsonPath.read(body(query("SELECT district, COUNT(*) AS n FROM person GROUP BY district")), "$.id");
        String pending = JsonPath.read(body(as("operator", post("/api/v1/sandbox/exports")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"query\":\"" + queryId + "\",\"purpose\":\"待审核\"}"))), "$.id");
        assertThat(code(as("operator", post("/api/v1/products/" + product + "/statistics")
                .contentType(MediaType.APPLICATION_JSON).content("{\"exportId\":\"" + pending + "\"}"))))
                .isEqualTo("product_export_not_usable");

        GrantDescriptor other = grant;
        grant = grants.grant("另一授权", "THRESHOLD", BigDecimal.TEN, BigDecimal.ONE, "person");
        workspace = workspace(grant);
        String foreign = approvedExport("SELECT gender, COUNT(*) AS n FROM person GROUP BY gender", "其他授权的导出");
        grant = other;
        assertThat(code(as("operator", post("/api/v1/products/" + product + "/statistics")
                .contentType(MediaType.APPLICATION_JSON).content("{\"exportId\":\"" + foreign + "\"}"))))
                .isEqualTo("product_export_not_usable");
        // only the owner's administrator publishes
        assertThat(code(as("bureau", post("/api/v1/products/" + product + "/statistics")
                .contentType(MediaType.APPLICATION_JSON).content("{\"exportId\":\"" + foreign + "\"}"))))
                .isEqualTo("forbidden");
    }

    @Test
    void catalogAndListingPackage_showMetadataOnly() throws Exception {
        String product = register("DATA_SERVICE", "区县人口挂牌产品", "PER_CALL", "0.05");
        String exportId = approvedExport("SELECT district, COUNT(*) AS n FROM person GROUP BY district", "挂牌");
        as("operator", post("/api/v1/products/" + product + "/statistics").contentType(MediaType.APPLICATION_JSON)
                .content("{\"exportId\":\"" + exportId + "\"}"));
        list(product);

        String catalog = body(mvc.perform(get("/api/v1/public/products")).andReturn());
        assertThat((List<String>) JsonPath.read(catalog, "$[?(@.id == '" + product + "')].form")).containsExactly("DATA_SERVICE");
        assertThat((List<String>) JsonPath.read(catalog, "$[?(@.id == '" + product + "')].pricingModel")).containsExactly("PER_CALL");
        assertThat((List<String>) JsonPath.read(catalog, "$[?(@.id == '" + product + "')].datasets[*].code"))
                .contains("person", "income");
        String page = body(mvc.perform(get("/portal/products")).andReturn());
        assertThat(page).contains("区县人口挂牌产品").contains("泉城数据科技有限公司");

        MvcResult listing = mvc.perform(get("/api/v1/public/products/" + product + "/listing")).andReturn();
        String json = listing.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat((String) JsonPath.read(json, "$.format")).isEqualTo(ProductListing.FORMAT);
        assertThat((String) JsonPath.read(json, "$.pricing.capPrice")).isEqualTo("0.1");
        assertThat(listing.getResponse().getHeader("X-Quanyun-SM3")).hasSize(64);
        MvcResult pdf = mvc.perform(get("/portal/products/" + product + "/listing.pdf")).andReturn();
        byte[] bytes = pdf.getResponse().getContentAsByteArray();
        assertThat(new String(bytes, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        String text = pdfText(bytes);
        assertThat(text).contains("区县人口挂牌产品");

        // a charged table is not public; a key holder gets it and the call is charged
        assertThat(code(mvc.perform(get("/api/v1/public/products/" + product + "/data")).andReturn()))
                .isEqualTo("api_key_invalid");
        String key = JsonPath.read(body(as("operator", post("/api/v1/products/" + product + "/keys")
                .contentType(MediaType.APPLICATION_JSON).content("{\"consumerName\":\"测试银行\"}"))), "$.key");
        MvcResult keyed = mvc.perform(get("/api/v1/public/products/" + product + "/data").header("X-Api-Key", key)).andReturn();
        assertThat(keyed.getResponse().getStatus()).isEqualTo(200);
        assertThat(jdbc.sql("select sum(amount) from product_charge where product_id = :id")
                .param("id", UUID.fromString(product)).query(BigDecimal.class).single()).isEqualByComparingTo("0.05");

        for (String content : List.of(catalog, page, json, text, body(keyed))) {
            assertNoStoredValue(content);
        }
        // the listing package of an unlisted product is refused
        String draft = register("DATA_SERVICE", "草稿产品", "FREE", null);
        assertThat(code(mvc.perform(get("/api/v1/public/products/" + draft + "/listing")).andReturn()))
                .isEqualTo("product_not_listed");
    }

    @Test
    void reportProduct_buildsPdfFromApprovedExports() throws Exception {
        String product = register("DATA_REPORT", "区县人口与收入报告", "FREE", null);
        String first = approvedExport("SELECT district, COUNT(*) AS n FROM person GROUP BY district", "区县人口");
        String second = approvedExport("SELECT gender, COUNT(*) AS n FROM person GROUP BY gender", "性别");
        String revision = body(as("operator", post("/api/v1/products/" + product + "/reports")
                .contentType(MediaType.APPLICATION_JSON).content("{\"title\":\"济南市人口结构报告\",\"summary\":\"各区县人口分布。\","
                        + "\"exportIds\":[\"" + first + "\",\"" + second + "\"]}")));
        assertThat((List<String>) JsonPath.read(revision, "$.exportIds")).containsExactly(first, second);
        list(product);
        MvcResult pdf = mvc.perform(get("/api/v1/public/products/" + product + "/report.pdf")).andReturn();
        byte[] bytes = pdf.getResponse().getContentAsByteArray();
        assertThat(pdf.getResponse().getHeader("X-Quanyun-SM3")).isEqualTo(JsonPath.read(revision, "$.pdfSm3"));
        String text = pdfText(bytes);
        assertThat(text).contains("济南市人口结构报告");
        assertNoStoredValue(text);
    }

    @Test
    void modelProduct_trainsInTheSandboxWithPrivacy_andScoresPerEntity() throws Exception {
        String product = register("DATA_MODEL", "收入预测模型", "FREE", null);
        query("CREATE TABLE earnings AS SELECT id_no, year, amount FROM income WHERE year = 2024");
        BigDecimal before = jdbc.sql("select coalesce(max(spent_epsilon), 0) from sandbox_budget where grant_id = :g")
                .param("g", grant.id().toString()).query(BigDecimal.class).single();
        String trained = body(as("operator", post("/api/v1/products/" + product + "/models")
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"kind":"LINEAR_REGRESSION","table":"earnings","features":[{"column":"year","lower":2022,"upper":2025}],
                         "target":"amount","targetLower":0,"targetUpper":200000,"epsilon":1.0}""")));
        assertThat((Integer) JsonPath.read(trained, "$.revision")).isEqualTo(1);
        assertThat((String) JsonPath.read(trained, "$.model.kind")).isEqualTo("LINEAR_REGRESSION");
        assertThat(jdbc.sql("select spent_epsilon from sandbox_budget where grant_id = :g")
                .param("g", grant.id().toString()).query(BigDecimal.class).single().subtract(before))
                .isEqualByComparingTo("1");
        list(product);

        String someone = "370100000000000100";
        ModelScore score = Actors.runAs(Actor.system(), () -> scoring.score(UUID.fromString(product), someone));
        assertThat(score.found()).isTrue();
        assertThat(score.score()).isBetween(-1e7, 1e7);
        assertThat(Actors.runAs(Actor.system(), () -> scoring.score(UUID.fromString(product), "370100000000000000X"))
                .found()).isFalse();
        // the score index keeps keyed hashes, never identifiers
        assertThat(jdbc.sql("select count(*) from product_model_score where subject_hash = :id").param("id", someone)
                .query(Long.class).single()).isZero();

        String page = body(mvc.perform(get("/portal/products/" + product)).andReturn());
        assertThat(page).contains("data-testid=\"model-coefficients\"");
        assertNoStoredValue(page);
        assertNoStoredValue(body(mvc.perform(get("/api/v1/public/products/" + product + "/model")).andReturn()));
    }

    @Test
    void modelTraining_refusesUnknownTablesAndIdentifierFeatures() throws Exception {
        String product = register("DATA_MODEL", "拒绝的模型", "FREE", null);
        assertThat(code(as("operator", post("/api/v1/products/" + product + "/models")
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"kind":"LOGISTIC_REGRESSION","table":"person","features":[{"column":"id_no","lower":0,"upper":1}],
                         "target":"amount","epsilon":1.0}""")))).isEqualTo("model_training_refused");
        // scoring a product of another form is refused precisely
        String stats = register("DATA_SERVICE", "非模型", "FREE", null);
        try {
            Actors.runAs(Actor.system(), () -> scoring.score(UUID.fromString(stats), "x"));
            throw new AssertionError("not refused");
        } catch (QuanyunException e) {
            assertThat(e.code().code()).isEqualTo("product_form_mismatch");
        }
    }

    @Test
    void trainModel_recordIsTheSandboxCommand() {
        var feature = new TrainModel.Feature("year", 2022, 2025);
        assertThat(new TrainModel(UUID.randomUUID(), ModelKind.LINEAR_REGRESSION, "t", List.of(feature), "amount",
                0, 1, 1).features()).containsExactly(feature);
    }

    // ------------------------------------------------------------------ helpers

    static void assertNoStoredValue(String content) {
        for (Pattern pattern : STORED_VALUES) {
            assertThat(pattern.matcher(content).find()).as("stored value %s in %s", pattern,
                    content.length() > 300 ? content.substring(0, 300) : content).isFalse();
        }
    }

    static String pdfText(byte[] pdf) throws Exception {
        PdfReader reader = new PdfReader(pdf);
        StringBuilder text = new StringBuilder();
        PdfTextExtractor extractor = new PdfTextExtractor(reader);
        for (int page = 1; page <= reader.getNumberOfPages(); page++) {
            text.append(extractor.getTextFromPage(page));
        }
        reader.close();
        return text.toString();
    }

    String register(String form, String name, String pricing, String fee) throws Exception {
        String json = "{\"grantId\":\"" + grant.id() + "\",\"form\":\"" + form + "\",\"name\":\"" + name
                + "\",\"description\":\"测试产品\",\"pricingModel\":\"" + pricing + "\""
                + (fee == null ? "" : ",\"fee\":" + fee) + "}";
        MvcResult result = as("operator", post("/api/v1/products").contentType(MediaType.APPLICATION_JSON).content(json));
        assertThat(result.getResponse().getStatus()).as(body(result)).isEqualTo(201);
        return JsonPath.read(body(result), "$.id");
    }

    void list(String product) throws Exception {
        as("operator", post("/api/v1/products/" + product + "/submit"));
        String reviewed = body(as("bureau", post("/api/v1/products/" + product + "/reviews")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"approved\":true,\"riskLevel\":\"LOW\",\"findings\":\"合规\",\"capPrice\":0.1}")));
        assertThat((String) JsonPath.read(reviewed, "$.state")).as(reviewed).isEqualTo("LISTED");
    }

    String approvedExport(String sql, String purpose) throws Exception {
        String queryId = JsonPath.read(body(query(sql)), "$.id");
        String exportId = JsonPath.read(body(as("operator", post("/api/v1/sandbox/exports")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"query\":\"" + queryId + "\",\"purpose\":\"" + purpose + "\"}"))), "$.id");
        for (String reviewer : List.of("bureau", "district")) {
            as(reviewer, post("/api/v1/sandbox/exports/" + exportId + "/reviews").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"decision\":\"APPROVE\",\"reason\":\"聚合结果，已核对\"}"));
        }
        return exportId;
    }

    MvcResult query(String sql) throws Exception {
        MvcResult result = as("operator", post("/api/v1/sandbox/queries").contentType(MediaType.APPLICATION_JSON)
                .content("{\"workspace\":\"" + workspace + "\",\"sql\":\"" + sql.replace("\"", "\\\"") + "\"}"));
        assertThat(result.getResponse().getStatus()).as(body(result)).isEqualTo(200);
        return result;
    }

    UUID workspace(GrantDescriptor grant) throws Exception {
        String body = body(as("operator", get("/api/v1/sandbox/workspaces")));
        List<String> ids = JsonPath.read(body, "$[?(@.grantId == '" + grant.id() + "')].id");
        UUID id = UUID.fromString(ids.get(0));
        List<List<String>> members = JsonPath.read(body, "$[?(@.grantId == '" + grant.id() + "')].members");
        if (!members.get(0).contains("operator")) {
            as("operator", post("/api/v1/sandbox/workspaces/" + id + "/members").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"username\":\"operator\"}"));
        }
        return id;
    }

    MvcResult as(String user, org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request)
            throws Exception {
        return mvc.perform(request.header("Authorization", Api.bearer(mvc, user))).andReturn();
    }

    static String body(MvcResult result) throws Exception {
        return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    static String code(MvcResult result) throws Exception {
        return JsonPath.read(body(result), "$.code");
    }
}
