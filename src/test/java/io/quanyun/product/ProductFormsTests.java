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
import io.quanyun.support.AuditedCalls;
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

    /**
     * Stored values of the demo tables: id-card numbers, names, addresses and phone numbers (any mobile prefix). Numbers are matched as
     * whole numbers (no digit or decimal point before, no digit after): a model's weight such as 0.13831370179765717
     * holds "138" and eight digits without being a phone number.
     */
    static final List<Pattern> STORED_VALUES = List.of(Pattern.compile("(?<![\\d.])3701\\d{13}[\\dXx](?!\\d)"),
            Pattern.compile("张\\d+"), Pattern.compile("经十路\\d+号"), Pattern.compile("(?<![\\d.])1[3-9]\\d{9}(?!\\d)"));

    @Autowired MockMvc mvc;
    @Autowired SandboxTestGrants.TestGrantDirectory grants;
    @Autowired JdbcClient jdbc;
    @Autowired ModelScoring scoring;
    @Autowired ProductPricing pricing;
    @Autowired io.quanyun.catalog.ConsentRegistry consents;
    @Autowired io.quanyun.identity.IdentityManagement identity;

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
    void modelProduct_answersCallsWithItsScore_throughTheVerificationGates_meteredAndAudited() throws Exception {
        String purpose = "income-score-" + UUID.randomUUID().toString().substring(0, 8);
        String product = trainedAndListed("收入评分调用", "FREE", null, purpose);
        List<String> subjects = validDemoIdentifiers(3);
        String withRecord = subjects.get(0);
        String withToken = subjects.get(1);
        String withNothing = subjects.get(2);
        String absent = ProductApiTests.validIdNumber("37010219000101999");
        consent(withRecord, purpose);
        consent(absent, purpose);

        // the market shows the one input: the subject's identifier
        assertThat(body(as("bank", get("/api/v1/subscriptions/products"))))
                .contains("\"id\":\"" + product + "\"").contains("\"inputs\":[\"subject\"]");
        String key = subscribeWithKey(product, 5);

        // the answer is the model's score, the same as scoring the entity directly; or not found
        MvcResult scored = call(product, key, modelBody(withRecord, null));
        assertThat(scored.getResponse().getStatus()).as(body(scored)).isEqualTo(200);
        assertThat((String) JsonPath.read(body(scored), "$.answer")).isEqualTo("SCORED");
        ModelScore direct = Actors.runAs(Actor.system(), () -> scoring.score(UUID.fromString(product), withRecord));
        assertThat(((Number) JsonPath.read(body(scored), "$.score")).doubleValue()).isEqualTo(direct.score());
        assertThat((String) JsonPath.read(body(scored), "$.model.kind")).isEqualTo("LINEAR_REGRESSION");
        assertThat((Integer) JsonPath.read(body(scored), "$.model.revision")).isEqualTo(1);
        MvcResult notFound = call(product, key, modelBody(absent, null));
        assertThat((String) JsonPath.read(body(notFound), "$.answer")).isEqualTo("NOT_FOUND");
        assertThat(body(notFound)).doesNotContain("\"score\"");

        // consent: a record for the purpose, or a token the subject issued for this product and caller
        assertThat(code(call(product, key, modelBody(withToken, null)))).isEqualTo("subject_consent_missing");
        String token = JsonPath.read(body(as("provider", post("/api/v1/consent-tokens")
                .contentType(MediaType.APPLICATION_JSON).content("{\"productId\":\"%s\",\"subject\":\"%s\",\"consumerId\":\"%s\"}"
                        .formatted(product, withToken, bankId())))), "$.token");
        assertThat((String) JsonPath.read(body(call(product, key, modelBody(withToken, token))), "$.answer"))
                .isEqualTo("SCORED");
        assertThat(code(call(product, key, modelBody(withNothing, token)))).isEqualTo("consent_token_invalid");

        // inputs named precisely; keys checked
        MvcResult invalid = call(product, key, "{\"inputs\":{\"id_no\":\"" + withRecord + "\"}}");
        assertThat(invalid.getResponse().getStatus()).isEqualTo(400);
        assertThat((List<String>) JsonPath.read(body(invalid), "$.errors[*].field"))
                .contains("inputs.id_no", "inputs.subject");
        assertThat(code(call(product, "qyc_unknown", modelBody(withRecord, null)))).isEqualTo("api_key_invalid");

        // quota of 5 answered calls: 3 used, two more, then 429
        call(product, key, modelBody(withRecord, null));
        call(product, key, modelBody(withRecord, null));
        MvcResult over = call(product, key, modelBody(withRecord, null));
        assertThat(over.getResponse().getStatus()).isEqualTo(429);
        assertThat(code(over)).isEqualTo("quota_exceeded");

        // metered and audited like verification calls; the subject only as its keyed hash, no stored value
        long metered = jdbc.sql("select count(*) from product_call where product_id = :p")
                .param("p", UUID.fromString(product)).query(Long.class).single();
        long audited = AuditedCalls.count(jdbc, product);
        assertThat(metered).isEqualTo(audited).isEqualTo(10);
        assertThat(jdbc.sql("select count(*) from product_call where product_id = :p and outcome = 'ANSWERED' "
                + "and answer = 'SCORED'").param("p", UUID.fromString(product)).query(Long.class).single()).isEqualTo(4);
        assertThat(jdbc.sql("select count(*) from product_call where product_id = :p and answer = 'NOT_FOUND'")
                .param("p", UUID.fromString(product)).query(Long.class).single()).isEqualTo(1);
        for (String subject : subjects) {
            assertThat(jdbc.sql("select count(*) from audit_entry where details like :v").param("v", "%" + subject + "%")
                    .query(Long.class).single()).as("no identifier audited").isZero();
        }
        for (MvcResult result : List.of(scored, notFound, invalid)) {
            assertNoStoredValue(body(result));
        }
    }

    @Test
    void chargedModelCalls_countAgainstTheRevenueMaximum_andSettleIntoRevenue() throws Exception {
        String purpose = "income-paid-" + UUID.randomUUID().toString().substring(0, 8);
        String product = trainedAndListed("收费收入评分", "PER_CALL", "0.05", purpose);
        String subject = validDemoIdentifiers(1).get(0);
        consent(subject, purpose);
        String key = subscribeWithKey(product, 100);
        UUID operator = grants.operatorId();
        int year = java.time.LocalDate.now(io.quanyun.shared.Zones.SHANGHAI).getYear();

        // the maximum leaves room for two calls at 0.05 beyond what the operator has earned or answered so far
        RevenueStatus before = Actors.runAs(Actor.system(), () -> pricing.status(operator, year));
        BigDecimal maximum = before.revenue().add(before.unsettled()).add(new BigDecimal("0.10"));
        as("bureau", org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .put("/api/v1/operators/" + operator + "/revenue/" + year + "/maximum")
                .contentType(MediaType.APPLICATION_JSON).content("{\"amount\":" + maximum + "}"));
        assertThat(call(product, key, modelBody(subject, null)).getResponse().getStatus()).isEqualTo(200);
        assertThat(call(product, key, modelBody(subject, null)).getResponse().getStatus()).isEqualTo(200);
        RevenueStatus answered = Actors.runAs(Actor.system(), () -> pricing.status(operator, year));
        assertThat(answered.unsettled().subtract(before.unsettled())).isEqualByComparingTo("0.10");
        assertThat(answered.remaining()).isEqualByComparingTo("0");

        // the maximum reached: the call is refused (not answered for free), metered, not billable
        MvcResult refused = call(product, key, modelBody(subject, null));
        assertThat(refused.getResponse().getStatus()).isEqualTo(422);
        assertThat(code(refused)).isEqualTo("revenue_maximum_reached");
        String subscription = jdbc.sql("select cast(subscription_id as varchar(36)) from product_call "
                + "where product_id = :p and outcome = 'ANSWERED' limit 1").param("p", UUID.fromString(product))
                .query(String.class).single();
        String statement = body(as("bank", get("/api/v1/subscriptions/" + subscription + "/statements/"
                + java.time.YearMonth.now(io.quanyun.shared.Zones.SHANGHAI))));
        assertThat(((Number) JsonPath.read(statement, "$.billableCalls")).longValue()).isEqualTo(2);
        assertThat(((Number) JsonPath.read(statement, "$.callsByOutcome.REVENUE_MAXIMUM_REACHED")).longValue())
                .isEqualTo(1);
        assertThat(((Number) JsonPath.read(statement, "$.amount")).doubleValue()).isEqualTo(0.10);

        // settling the day turns exactly the statement's billable calls into revenue, once
        Actors.runAs(Actor.system(), () -> pricing.settleMeteredCallsBefore(
                java.time.LocalDate.now(io.quanyun.shared.Zones.SHANGHAI).plusDays(1)));
        Actors.runAs(Actor.system(), () -> pricing.settleMeteredCallsBefore(
                java.time.LocalDate.now(io.quanyun.shared.Zones.SHANGHAI).plusDays(1)));
        assertThat(jdbc.sql("select sum(units) from product_charge where product_id = :id")
                .param("id", UUID.fromString(product)).query(Long.class).single()).isEqualTo(2L);
        assertThat(jdbc.sql("select sum(amount) from product_charge where product_id = :id")
                .param("id", UUID.fromString(product)).query(BigDecimal.class).single()).isEqualByComparingTo("0.10");
        RevenueStatus settled = Actors.runAs(Actor.system(), () -> pricing.status(operator, year));
        assertThat(settled.revenue().subtract(before.revenue())).isEqualByComparingTo("0.10");
        assertThat(settled.remaining()).isEqualByComparingTo("0");
        assertThat(code(call(product, key, modelBody(subject, null)))).isEqualTo("revenue_maximum_reached");

        // the authority raises the maximum: calls are answered again
        as("bureau", org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .put("/api/v1/operators/" + operator + "/revenue/" + year + "/maximum")
                .contentType(MediaType.APPLICATION_JSON).content("{\"amount\":100000000}"));
        assertThat(call(product, key, modelBody(subject, null)).getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void statisticsAndReportProducts_areNotListedBeforeTheirFirstRevision() throws Exception {
        for (String form : List.of("DATA_SERVICE", "DATA_REPORT")) {
            String product = register(form, "尚无内容的" + form, "FREE", null);
            MvcResult submitted = as("operator", post("/api/v1/products/" + product + "/submit"));
            assertThat(submitted.getResponse().getStatus()).isEqualTo(409);
            assertThat(code(submitted)).isEqualTo("product_content_required");
            assertThat((String) JsonPath.read(body(as("operator", get("/api/v1/products/" + product))), "$.state"))
                    .isEqualTo("DRAFT");
        }
        // with its first revision it is submitted and listed
        String product = register("DATA_SERVICE", "有内容的统计", "FREE", null);
        String exportId = approvedExport("SELECT district, COUNT(*) AS n FROM person GROUP BY district", "首个版本");
        as("operator", post("/api/v1/products/" + product + "/statistics").contentType(MediaType.APPLICATION_JSON)
                .content("{\"exportId\":\"" + exportId + "\"}"));
        list(product);
    }

    @Test
    void trainModel_recordIsTheSandboxCommand() {
        var feature = new TrainModel.Feature("year", 2022, 2025);
        assertThat(new TrainModel(UUID.randomUUID(), ModelKind.LINEAR_REGRESSION, "t", List.of(feature), "amount",
                0, 1, 1).features()).containsExactly(feature);
    }

    // ------------------------------------------------------------------ helpers

    /** A model product trained on this test's income table and listed (cap 0.1), with its consent purpose. */
    String trainedAndListed(String name, String pricing, String fee, String purpose) throws Exception {
        String json = "{\"grantId\":\"" + grant.id() + "\",\"form\":\"DATA_MODEL\",\"name\":\"" + name
                + "\",\"description\":\"按个人给出收入预测分\",\"pricingModel\":\"" + pricing + "\""
                + (fee == null ? "" : ",\"fee\":" + fee) + ",\"consentPurpose\":\"" + purpose + "\"}";
        MvcResult registered = as("operator", post("/api/v1/products").contentType(MediaType.APPLICATION_JSON).content(json));
        assertThat(registered.getResponse().getStatus()).as(body(registered)).isEqualTo(201);
        String product = JsonPath.read(body(registered), "$.id");
        query("CREATE TABLE earnings AS SELECT id_no, year, amount FROM income WHERE year = 2024");
        MvcResult trained = as("operator", post("/api/v1/products/" + product + "/models")
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"kind":"LINEAR_REGRESSION","table":"earnings","features":[{"column":"year","lower":2022,"upper":2025}],
                         "target":"amount","targetLower":0,"targetUpper":200000,"epsilon":1.0}"""));
        assertThat(trained.getResponse().getStatus()).as(body(trained)).isIn(200, 201);
        list(product);
        return product;
    }

    /** Identifiers of the demo people that pass the GB 11643 check, so that consents can be recorded for them. */
    static List<String> validDemoIdentifiers(int count) {
        List<String> found = new java.util.ArrayList<>();
        for (int i = 100; i < io.quanyun.sandbox.DemoData.PEOPLE && found.size() < count; i++) {
            String id = "3701" + String.format("%014d", i);
            if (IdentityNumbers.isValid(id)) {
                found.add(id);
            }
        }
        assertThat(found).hasSize(count);
        return found;
    }

    void consent(String identifier, String purpose) {
        Actors.runAs(Actor.system(), () -> consents.record(new io.quanyun.catalog.RecordConsent(
                io.quanyun.catalog.SubjectKind.PERSON, identifier, purpose, grants.operatorId(), null,
                java.time.LocalDate.now().plusYears(1))));
    }

    UUID bankId() {
        return identity.organizationsOfType(io.quanyun.shared.OrganizationType.CONSUMER).stream()
                .filter(o -> o.name().equals("泉城商业银行股份有限公司")).findFirst().orElseThrow().id();
    }

    /** The bank subscribes to the product and issues a key. */
    String subscribeWithKey(String product, long quota) throws Exception {
        MvcResult created = as("bank", post("/api/v1/subscriptions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"productId\":\"%s\",\"monthlyQuota\":%d,\"ratePerSecond\":100}".formatted(product, quota)));
        assertThat(created.getResponse().getStatus()).as(body(created)).isEqualTo(201);
        String subscription = JsonPath.read(body(created), "$.id");
        return JsonPath.read(body(as("bank", post("/api/v1/subscriptions/" + subscription + "/keys"))), "$.key");
    }

    static String modelBody(String subject, String token) {
        return "{\"inputs\":{\"subject\":\"" + subject + "\"}"
                + (token == null ? "" : ",\"consentToken\":\"" + token + "\"") + "}";
    }

    MvcResult call(String product, String key, String content) throws Exception {
        return mvc.perform(post("/api/v1/products/" + product + "/calls").header("X-Api-Key", key)
                .contentType(MediaType.APPLICATION_JSON).content(content)).andReturn();
    }

    @Test
    void storedValuePatterns_findIdentifiersAndPhones_butNotDigitsInsideAModelWeight() {
        for (String leak : List.of("{\"id\":\"370102199001011234\"}", "{\"id\":\"37010219900101123X\"}",
                "[0.5,13812345678]", "电话：18912345678。")) {
            assertThat(STORED_VALUES.stream().anyMatch(p -> p.matcher(leak).find())).as(leak).isTrue();
        }
        for (String clean : List.of("{\"weights\":[0.13831370179765717,0.6519033262402878]}", "{\"calls\":138123456789}")) {
            assertThat(STORED_VALUES.stream().noneMatch(p -> p.matcher(clean).find())).as(clean).isTrue();
        }
    }

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
