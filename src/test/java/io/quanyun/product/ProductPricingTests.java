package io.quanyun.product;

import static io.quanyun.product.ProductFormsTests.body;
import static io.quanyun.product.ProductFormsTests.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.access.GrantDescriptor;
import io.quanyun.sandbox.SandboxTestGrants;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Zones;
import io.quanyun.support.Api;
import io.quanyun.support.PlatformTest;

/**
 * Pricing under the national rules of 2025 (free public welfare, fee at or below the authorizer's cap), revenue
 * against the permitted maximum, the annual operating report and the yearly public disclosure, over HTTP.
 */
@PlatformTest
@Import(SandboxTestGrants.class)
class ProductPricingTests {

    @Autowired MockMvc mvc;
    @Autowired SandboxTestGrants.TestGrantDirectory grants;
    @Autowired JdbcClient jdbc;
    @Autowired RevenueRecorder recorder;
    @Autowired ProductPricing pricing;

    GrantDescriptor grant;
    int year = LocalDate.now(Zones.SHANGHAI).getYear();

    @BeforeEach
    void grant() {
        grant = grants.grant("收费产品测试", "THRESHOLD", BigDecimal.TEN, BigDecimal.ONE, "person");
    }

    @Test
    void fee_isAtOrBelowTheAuthorizersCap_andFreeProductsChargeNothing() throws Exception {
        String product = listed("PER_CALL", "0.5", "1.0");
        assertThat(code(as("operator", put("/api/v1/products/" + product + "/fee").contentType(MediaType.APPLICATION_JSON)
                .content("{\"amount\":2}")))).isEqualTo("fee_above_cap");
        assertThat((Double) JsonPath.read(body(as("operator", put("/api/v1/products/" + product + "/fee")
                .contentType(MediaType.APPLICATION_JSON).content("{\"amount\":0.8}"))), "$.fee")).isEqualTo(0.8);
        // the authority cannot lower the cap below the fee; the operator lowers the fee first
        assertThat(code(as("bureau", put("/api/v1/products/" + product + "/cap-price")
                .contentType(MediaType.APPLICATION_JSON).content("{\"amount\":0.5}")))).isEqualTo("fee_above_cap");
        as("operator", put("/api/v1/products/" + product + "/fee").contentType(MediaType.APPLICATION_JSON)
                .content("{\"amount\":0.4}"));
        assertThat((Double) JsonPath.read(body(as("bureau", put("/api/v1/products/" + product + "/cap-price")
                .contentType(MediaType.APPLICATION_JSON).content("{\"amount\":0.5}"))), "$.capPrice")).isEqualTo(0.5);
        // only the authority sets a cap, only the owner a fee
        assertThat(code(as("operator", put("/api/v1/products/" + product + "/cap-price")
                .contentType(MediaType.APPLICATION_JSON).content("{\"amount\":9}")))).isEqualTo("forbidden");
        assertThat(code(as("operator2", put("/api/v1/products/" + product + "/fee")
                .contentType(MediaType.APPLICATION_JSON).content("{\"amount\":0.1}")))).isEqualTo("forbidden");
        List<String> history = JsonPath.read(body(as("operator", get("/api/v1/products/" + product + "/prices"))),
                "$[*].what");
        assertThat(history).containsExactly("CAP", "FEE", "FEE");

        String free = listed("FREE", null, null);
        assertThat(code(as("operator", put("/api/v1/products/" + free + "/fee").contentType(MediaType.APPLICATION_JSON)
                .content("{\"amount\":1}")))).isEqualTo("product_form_mismatch");
        RecordedCharge use = Actors.runAs(Actor.system(), () -> recorder.record(UUID.fromString(free), 5, "free:1"));
        assertThat(use.amount()).isEqualByComparingTo("0");
    }

    @Test
    void revenue_isKeptAgainstThePermittedMaximum() throws Exception {
        String product = listed("PER_CALL", "0.4", "0.5");
        UUID operator = grants.operatorId();
        // answered calls of charged per-call products not yet settled count against the maximum too
        String before = body(as("operator", get("/api/v1/operators/" + operator + "/revenue/" + year)));
        BigDecimal current = new BigDecimal(String.valueOf((Object) JsonPath.read(before, "$.revenue")))
                .add(new BigDecimal(String.valueOf((Object) JsonPath.read(before, "$.unsettled"))));
        as("bureau", put("/api/v1/operators/" + operator + "/revenue/" + year + "/maximum")
                .contentType(MediaType.APPLICATION_JSON).content("{\"amount\":" + current.add(BigDecimal.ONE) + "}"));

        RecordedCharge first = Actors.runAs(Actor.system(), () -> recorder.record(UUID.fromString(product), 2, "call:a"));
        assertThat(first.amount()).isEqualByComparingTo("0.8");
        assertThat(Actors.runAs(Actor.system(), () -> recorder.record(UUID.fromString(product), 2, "call:a")).id())
                .isEqualTo(first.id());
        assertThatThrownBy(() -> Actors.runAs(Actor.system(), () -> recorder.record(UUID.fromString(product), 1, "call:b")))
                .isInstanceOfSatisfying(QuanyunException.class,
                        e -> assertThat(e.code().code()).isEqualTo("revenue_maximum_reached"));
        String status = body(as("operator", get("/api/v1/operators/" + operator + "/revenue/" + year)));
        assertThat(new BigDecimal(String.valueOf((Object) JsonPath.read(status, "$.remaining"))))
                .isEqualByComparingTo("0.2");
        assertThat(code(as("operator2", get("/api/v1/operators/" + operator + "/revenue/" + year))))
                .isEqualTo("forbidden");
        assertThat(code(as("operator", put("/api/v1/operators/" + operator + "/revenue/" + year + "/maximum")
                .contentType(MediaType.APPLICATION_JSON).content("{\"amount\":1000000}")))).isEqualTo("forbidden");
        as("bureau", put("/api/v1/operators/" + operator + "/revenue/" + year + "/maximum")
                .contentType(MediaType.APPLICATION_JSON).content("{\"amount\":100000000}"));
    }

    @Test
    void meteredCalls_ofCompletedDays_becomeCharges() throws Exception {
        String product = listed("PER_CALL", "0.1", "0.2");
        String keyId = JsonPath.read(body(as("operator", post("/api/v1/products/" + product + "/keys")
                .contentType(MediaType.APPLICATION_JSON).content("{\"consumerName\":\"计量银行\"}"))), "$.id");
        jdbc.sql("insert into product_call_meter (api_key_id, call_day, calls) values (:key, :day, 30)")
                .param("key", UUID.fromString(keyId)).param("day", LocalDate.now(Zones.SHANGHAI).minusDays(1)).update();
        jdbc.sql("insert into product_call_meter (api_key_id, call_day, calls) values (:key, :day, 7)")
                .param("key", UUID.fromString(keyId)).param("day", LocalDate.now(Zones.SHANGHAI)).update();
        Actors.runAs(Actor.system(), () -> pricing.settleMeteredCalls());
        Actors.runAs(Actor.system(), () -> pricing.settleMeteredCalls());
        assertThat(jdbc.sql("select sum(units) from product_charge where product_id = :id")
                .param("id", UUID.fromString(product)).query(Long.class).single()).isEqualTo(30L);
        assertThat(jdbc.sql("select sum(amount) from product_charge where product_id = :id")
                .param("id", UUID.fromString(product)).query(BigDecimal.class).single()).isEqualByComparingTo("3");
    }

    @Test
    void annualReportAndDisclosure_asDataPagesAndPdf_publishedWithDeadline() throws Exception {
        String product = listed("PER_ITEM", "0.3", "0.3");
        Actors.runAs(Actor.system(), () -> recorder.record(UUID.fromString(product), 10, "items:1"));
        UUID operator = grants.operatorId();

        String report = body(as("operator", get("/api/v1/operators/" + operator + "/annual-reports/" + year)));
        assertThat((List<Double>) JsonPath.read(report, "$.products[?(@.productId == '" + product + "')].revenue"))
                .containsExactly(3.0);
        assertThat((String) JsonPath.read(report, "$.dueBy")).isEqualTo((year + 1) + "-03-31");
        assertThat((List<String>) JsonPath.read(report, "$.authorizations[*].scenario")).contains("收费产品测试");
        assertThat(code(as("operator2", get("/api/v1/operators/" + operator + "/annual-reports/" + year))))
                .isEqualTo("forbidden");
        MvcResult pdf = as("operator", get("/api/v1/operators/" + operator + "/annual-reports/" + year + "/pdf"));
        assertThat(ProductFormsTests.pdfText(pdf.getResponse().getContentAsByteArray())).contains("年度公共数据授权运营报告");

        String published = body(as("operator", post("/api/v1/operators/" + operator + "/annual-reports/" + year
                + "/publication")));
        assertThat((Boolean) JsonPath.read(published, "$.onTime")).isTrue();
        String late = body(as("operator", post("/api/v1/operators/" + operator + "/annual-reports/" + (year - 2)
                + "/publication")));
        assertThat((Boolean) JsonPath.read(late, "$.onTime")).isFalse();

        String disclosure = body(mvc.perform(get("/api/v1/public/disclosures/" + year)).andReturn());
        assertThat((List<String>) JsonPath.read(disclosure, "$.operators[*].operatorName")).contains("泉城数据科技有限公司");
        assertThat((List<String>) JsonPath.read(disclosure, "$.products[*].pricingModel")).contains("PER_ITEM");
        assertThat(body(mvc.perform(get("/portal/disclosures/" + year)).andReturn())).contains("data-testid=\"disclosure-products\"");
        byte[] disclosurePdf = mvc.perform(get("/portal/disclosures/" + year + "/pdf")).andReturn().getResponse()
                .getContentAsByteArray();
        assertThat(ProductFormsTests.pdfText(disclosurePdf)).contains("信息公开");
        assertThat(code(as("operator", post("/api/v1/disclosures/" + year + "/publication")))).isEqualTo("forbidden");
        String frozen = body(as("bureau", post("/api/v1/disclosures/" + year + "/publication")));
        assertThat((String) JsonPath.read(frozen, "$.sm3")).hasSize(64);
        assertThat(body(mvc.perform(get("/api/v1/public/disclosures")).andReturn())).contains((String) JsonPath.read(frozen, "$.sm3"));
        for (String content : List.of(report, disclosure)) {
            ProductFormsTests.assertNoStoredValue(content);
        }
    }

    @Test
    void operatingConsole_inChineseAndEnglish_setsCapAndFee() throws Exception {
        String product = listed("PER_CALL", "0.2", "0.3");
        MockHttpSession operator = signIn("operator");
        String page = mvc.perform(get("/products/operating").session(operator)).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("年度运营报告").contains("data-testid=\"annual-report\"");
        String english = mvc.perform(get("/products/operating?lang=en").session(operator)).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(english).contains("Annual operating report");
        MvcResult refused = mvc.perform(post("/products/operating/products/" + product + "/fee").session(operator)
                .with(csrf()).param("amount", "0.5").param("year", String.valueOf(year))).andReturn();
        assertThat(refused.getResponse().getRedirectedUrl()).startsWith("/products/operating?year=" + year);
        assertThat(refused.getFlashMap().get("errorCode")).isEqualTo("fee_above_cap");
        MockHttpSession bureau = signIn("bureau");
        mvc.perform(post("/products/operating/products/" + product + "/cap").session(bureau).with(csrf())
                .param("amount", "0.6").param("year", String.valueOf(year)));
        assertThat(jdbc.sql("select cap_price from product where id = :id").param("id", UUID.fromString(product))
                .query(BigDecimal.class).single()).isEqualByComparingTo("0.6");
        assertThat(mvc.perform(get("/products/operating").session(signIn("provider"))).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8)).doesNotContain("data-testid=\"annual-report\"");
    }

    // ------------------------------------------------------------------ helpers

    MockHttpSession signIn(String username) throws Exception {
        return (MockHttpSession) mvc.perform(formLogin("/login").user(username).password(Api.PASSWORD)).andReturn()
                .getRequest().getSession(false);
    }

    /** A listed product of the given pricing, under the test grant. */
    String listed(String pricingModel, String fee, String cap) throws Exception {
        String json = "{\"grantId\":\"" + grant.id() + "\",\"form\":\"DATA_SERVICE\",\"name\":\"收费测试产品\","
                + "\"description\":\"测试\",\"pricingModel\":\"" + pricingModel + "\""
                + (fee == null ? "" : ",\"fee\":" + fee) + "}";
        MvcResult registered = as("operator", post("/api/v1/products").contentType(MediaType.APPLICATION_JSON).content(json));
        assertThat(registered.getResponse().getStatus()).as(body(registered)).isEqualTo(201);
        String id = JsonPath.read(body(registered), "$.id");
        publishStatistics(id);
        as("operator", post("/api/v1/products/" + id + "/submit"));
        String review = "{\"approved\":true,\"riskLevel\":\"LOW\",\"findings\":\"合规\""
                + (cap == null ? "" : ",\"capPrice\":" + cap) + "}";
        String reviewed = body(as("bureau", post("/api/v1/products/" + id + "/reviews")
                .contentType(MediaType.APPLICATION_JSON).content(review)));
        assertThat((String) JsonPath.read(reviewed, "$.state")).as(reviewed).isEqualTo("LISTED");
        return id;
    }

    /**
     * A statistics product is listed only with its first revision: an approved export of a district count in
     * the grant's workspace.
     */
    void publishStatistics(String product) throws Exception {
        String workspaces = body(as("operator", get("/api/v1/sandbox/workspaces")));
        List<String> ids = JsonPath.read(workspaces, "$[?(@.grantId == '" + grant.id() + "')].id");
        String workspace = ids.get(0);
        List<List<String>> members = JsonPath.read(workspaces, "$[?(@.grantId == '" + grant.id() + "')].members");
        if (!members.get(0).contains("operator")) {
            as("operator", post("/api/v1/sandbox/workspaces/" + workspace + "/members")
                    .contentType(MediaType.APPLICATION_JSON).content("{\"username\":\"operator\"}"));
        }
        MvcResult query = as("operator", post("/api/v1/sandbox/queries").contentType(MediaType.APPLICATION_JSON)
                .content("{\"workspace\":\"" + workspace
                        + "\",\"sql\":\"SELECT district, COUNT(*) AS n FROM person GROUP BY district\"}"));
        assertThat(query.getResponse().getStatus()).as(body(query)).isEqualTo(200);
        String exportId = JsonPath.read(body(as("operator", post("/api/v1/sandbox/exports")
                .contentType(MediaType.APPLICATION_JSON).content("{\"query\":\"" + JsonPath.read(body(query), "$.id")
                        + "\",\"purpose\":\"收费产品内容\"}"))), "$.id");
        for (String reviewer : List.of("bureau", "district")) {
            as(reviewer, post("/api/v1/sandbox/exports/" + exportId + "/reviews").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"decision\":\"APPROVE\",\"reason\":\"聚合结果，已核对\"}"));
        }
        MvcResult published = as("operator", post("/api/v1/products/" + product + "/statistics")
                .contentType(MediaType.APPLICATION_JSON).content("{\"exportId\":\"" + exportId + "\"}"));
        assertThat(published.getResponse().getStatus()).as(body(published)).isIn(200, 201);
    }

    MvcResult as(String user, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.header("Authorization", Api.bearer(mvc, user))).andReturn();
    }
}
