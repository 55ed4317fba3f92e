package io.quanyun.journey;

import io.quanyun.support.HeadlessChromium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;

import io.quanyun.support.Api;
import io.quanyun.support.MutableClock;
import io.quanyun.support.WithoutDemoSandbox;

/**
 * The expert's scoring and the operator's signing walked through the console pages in a real browser (issue 4):
 * the call, the application and the authority's steps are set up over the API; {@code expert3} declares, scores
 * and submits in the review page; {@code operator2} signs in the agreement page; the authorizer's signature
 * makes the agreement active. The authority also drafts a call in the drafting form (a refused weight total first)
 * and publishes it. Screenshots go to target/screenshots/authorization-*.png.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@Import({MutableClock.Configuration.class, WithoutDemoSandbox.class})
class AuthorizationBrowserIT {

    static final Path SCREENSHOTS = HeadlessChromium.SCREENSHOTS;
    static final byte[] PDF = "%PDF-1.4\n% test document\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    static HeadlessChromium chromium;
    static Browser browser;

    @LocalServerPort int port;
    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired JdbcClient jdbc;

    final Map<String, String> tokens = new HashMap<>();

    @BeforeAll
    static void startBrowser() throws Exception {
        chromium = HeadlessChromium.launch();
        browser = chromium.browser();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void expertScoresAndOperatorSignsThroughThePages() throws Exception {
        String suffix = Long.toString(System.nanoTime() % 100000);
        json("bureau", post("/api/v1/templates"), TEMPLATE_JSON).andExpect(status().isCreated());
        Instant now = clock.instant();
        String call = id(json("bureau", post("/api/v1/calls"), """
                {"title":"交通出行数据综合授权运营%s","description":"浏览器测试","mode":"COMPREHENSIVE","domains":["HEALTH"],
                 "requirements":[{"code":"business_licence","label":"营业执照","required":true},
                                 {"code":"security_plan","label":"数据安全保障方案","required":true}],
                 "criteria":[{"name":"运营方案与应用场景","weight":60},{"name":"技术与安全能力","weight":40}],
                 "opensAt":"%s","closesAt":"%s","noticeDays":7,"termMonths":24}
                """.formatted(suffix, now.minusSeconds(60), now.plus(Duration.ofDays(5))))
                .andExpect(status().isCreated()));
        as("bureau", post("/api/v1/calls/" + call + "/publication")).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("PUBLISHED"));
        String application = id(as("operator2", multipart("/api/v1/calls/" + call + "/applications")
                .file(new MockMultipartFile("business_licence", "营业执照.pdf", "application/pdf", PDF))
                .file(new MockMultipartFile("security_plan", "plan.pdf", "application/pdf", PDF))
                .param("scenarios", "公交客流分析与出行信用评估")).andExpect(status().isCreated()));

        advance(Duration.ofDays(6));
        String expert3 = jdbc.sql("select id from app_user where username = 'expert3'").query(UUID.class).single()
                .toString();
        String panel = body(json("bureau", post("/api/v1/calls/" + call + "/reviews"),
                "{\"expertUserIds\":[\"" + expert3 + "\"]}").andExpect(status().isOk()));
        String review = JsonPath.<List<String>>read(panel, "$[*].id").get(0);

        // in the browser: expert3 declares no conflict, scores each criterion with comments, submits
        try (Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1300, 1000))) {
            signIn(page, "expert3");
            page.navigate(base() + "/authorization/reviews/" + review);
            assertThat(page.textContent("[data-testid=review-state]")).isNotBlank();
            page.fill("[data-testid=declaration] input[name=statement]", "本人与申报单位无利益冲突");
            page.click("[data-testid=declaration] button[type=submit]");
            page.waitForSelector("[data-testid=score-form]");
            page.screenshot(shot("authorization-review-declared.png"));
            page.fill("[data-testid=score-form] input[name=score_C1]", "88");
            page.fill("[data-testid=score-form] input[name=comment_C1]", "场景明确，方案可行");
            page.fill("[data-testid=score-form] input[name=score_C2]", "76");
            page.fill("[data-testid=score-form] input[name=comment_C2]", "安全能力良好");
            page.click("[data-testid=score-form] button[type=submit]");
            page.waitForSelector("[data-testid=scored]");
            page.screenshot(shot("authorization-review-scored.png"));
            page.click("[data-testid=submit-review]");
            page.waitForFunction("() => !document.querySelector('[data-testid=submit-review]')");
            assertThat(page.textContent("[data-testid=review-state]")).contains("已提交");
            page.screenshot(shot("authorization-review-submitted.png"));
        }
        assertThat(jdbc.sql("select count(*) from review_score "
                + "where review_id = ?").param(UUID.fromString(review)).query(Long.class).single()).isEqualTo(2);

        // over the API: ranking, shortlist notice, notice period, conclusion
        String ranking = body(as("bureau", get("/api/v1/calls/" + call + "/ranking")).andExpect(status().isOk()));
        assertThat(JsonPath.<Double>read(ranking, "$[0].weightedScore")).isEqualTo(83.2);
        json("bureau", post("/api/v1/calls/" + call + "/notice"), "{\"applicationIds\":[\"" + application + "\"]}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("NOTICE"));
        advance(Duration.ofDays(8));
        as("bureau", post("/api/v1/calls/" + call + "/conclusion")).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("CONCLUDED"));
        String agreement = jdbc.sql("select id from authorization_agreement where call_id = ?")
                .param(UUID.fromString(call)).query(UUID.class).single().toString();

        // in the browser: operator2 opens the agreement and signs
        try (Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1300, 1000))) {
            signIn(page, "operator2");
            page.navigate(base() + "/authorization/agreements/" + agreement);
            assertThat(page.textContent("[data-testid=agreement-state]")).contains("待运营单位签署");
            page.screenshot(shot("authorization-agreement-unsigned.png"));
            page.click("[data-testid=sign]");
            page.waitForSelector("[data-testid=signatures] tr");
            assertThat(page.textContent("[data-testid=agreement-state]")).contains("待授权方签署");
            assertThat(page.textContent("[data-testid=signatures]")).contains("OPERATOR");
            // the authorizer signs next: the operator is offered no button any more
            assertThat(page.locator("[data-testid=sign]").count()).isZero();
            page.screenshot(shot("authorization-agreement-operator-signed.png"));
        }

        // the authorizer signs; the agreement is active and shows both signatures
        as("bureau", post("/api/v1/agreements/" + agreement + "/signatures")).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("ACTIVE"));
        try (Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1300, 1000))) {
            signIn(page, "operator2");
            page.navigate(base() + "/authorization/agreements/" + agreement);
            assertThat(page.textContent("[data-testid=agreement-state]")).contains("生效");
            assertThat(page.locator("[data-testid=signatures] tr").count()).isEqualTo(2);
            page.screenshot(shot("authorization-agreement-active.png"));
        }
    }

    @Test
    void authorityDraftsAndPublishesACallThroughTheForm() throws Exception {
        String title = "浏览器起草的综合授权公告" + System.nanoTime() % 100000;
        try (Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1300, 1400))) {
            signIn(page, "bureau");
            page.navigate(base() + "/authorization");
            page.click("[data-testid=new-call]");
            page.waitForSelector("[data-testid=call-form]");
            page.fill("#title", title);
            page.fill("#description", "面向企业信用评估场景的综合授权（浏览器测试）");
            page.selectOption("#mode", "COMPREHENSIVE");
            page.check("#ds-enterprise");
            page.check("#dm-CREDIT");
            page.fill("input[name=criterionName0]", "运营方案与应用场景");
            page.fill("input[name=criterionWeight0]", "60");
            page.fill("input[name=criterionName1]", "技术与安全能力");
            page.fill("input[name=criterionWeight1]", "30");
            page.waitForFunction("() => document.querySelector('[data-testid=weight-total]').textContent.includes('90 / 100')");
            page.fill("#termMonths", "24");
            page.screenshot(shot("authorization-call-form.png"));

            // the weights do not sum to 100: the refusal is shown in the page and the form keeps what was typed
            page.click("[data-testid=save-draft]");
            page.waitForSelector("#messages [data-testid=problem]");
            assertThat(page.textContent("#messages")).contains("权重合计须为100，现为90");
            assertThat(page.inputValue("#title")).isEqualTo(title);
            assertThat(jdbc.sql("select count(*) from authorization_call where title = ?").param(title)
                    .query(Long.class).single()).isZero();
            page.screenshot(shot("authorization-call-form-refused.png"));

            page.fill("input[name=criterionWeight1]", "40");
            page.waitForFunction("() => document.querySelector('[data-testid=weight-total]').textContent.includes('100 / 100')");
            page.click("[data-testid=save-draft]");
            page.waitForURL(url -> url.matches(".*/authorization/calls/[0-9a-f-]{36}$"));
            assertThat(page.textContent("[data-testid=call-state]")).contains("草稿");
            assertThat(page.textContent("[data-testid=call-scope]")).contains("市场主体登记信息");
            page.screenshot(shot("authorization-call-drafted.png"));

            page.click("[data-testid=publish-call]");
            page.waitForFunction("() => document.querySelector('[data-testid=call-state]').textContent.includes('已发布')");
            page.screenshot(shot("authorization-call-published.png"));
        }
        String call = jdbc.sql("select id from authorization_call where title = ?").param(title).query(UUID.class)
                .single().toString();
        assertThat(jdbc.sql("select state from authorization_call where id = ?").param(UUID.fromString(call))
                .query(String.class).single()).isEqualTo("PUBLISHED");
        // public on the portal, without signing in
        try (Page page = browser.newPage()) {
            page.navigate(base() + "/portal/calls/" + call);
            assertThat(page.textContent("[data-testid=call-title]")).isEqualTo(title);
            assertThat(page.textContent("body")).contains("运营方案与应用场景", "60%", "市场主体登记信息");
        }
    }

    private void signIn(Page page, String username) {
        page.navigate(base() + "/login");
        page.fill("#username", username);
        page.fill("#password", Api.PASSWORD);
        page.click("button[type=submit]");
        page.waitForURL("**/home");
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private static Page.ScreenshotOptions shot(String name) {
        return new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name)).setFullPage(true);
    }

    private void advance(Duration duration) {
        clock.advance(duration);
        tokens.clear();
    }

    private ResultActions as(String username, AbstractMockHttpServletRequestBuilder<?> request) throws Exception {
        String token = tokens.computeIfAbsent(username, name -> Api.issue(mvc, name, Api.PASSWORD));
        return mvc.perform(request.header("Authorization", "Bearer " + token));
    }

    private ResultActions json(String username, MockHttpServletRequestBuilder request, String body) throws Exception {
        return as(username, request.contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static String body(ResultActions result) throws Exception {
        return result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private static String id(ResultActions result) throws Exception {
        return JsonPath.read(body(result), "$.id");
    }

    static final String TEMPLATE_JSON = """
            {"title":"济南市公共数据授权运营协议（示范文本）","clauses":{
              "PARTIES":"甲方：{authorizer}；乙方：{operator}（法定代表人：{legalRepresentative}）。",
              "SCOPE":"甲方依《{call}》以{mode}方式授权乙方运营以下公共数据：{scope}。",
              "TERM":"授权期限为{term}，自双方签署之日起算，最长不超过五年。",
              "RIGHTS_AND_OBLIGATIONS":"乙方有权在平台内加工处理授权数据并提供数据产品和服务；原始数据不出平台。",
              "SECURITY_REQUIREMENTS":"乙方应当建立数据安全管理制度，定期报送安全报告，接受监督检查。",
              "EXIT_CONDITIONS":"评估不合格且逾期未整改、发生重大安全事件或违反本协议的，甲方可终止授权。",
              "LIABILITY_FOR_BREACH":"违反本协议造成损失的，依法承担民事、行政或刑事责任。",
              "DISPOSAL_OF_ASSETS":"授权期满或终止后，乙方在平台内形成的数据及中间结果由平台封存或销毁，日志依法留存。"}}
            """;
}
