package io.quanyun.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.jayway.jsonpath.JsonPath;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;

import io.quanyun.catalog.DatasetDirectory;
import io.quanyun.catalog.vault.Vault;
import io.quanyun.support.HeadlessChromium;

/**
 * The data subject's portal page (个人授权) in a real browser, in zh-CN: a demo person signs in through the dev
 * sign-in, issues a consent token for the listed demo verification and the consumer {@code bank} (shown once), sees
 * it listed as valid, the bank's call with it is answered, the person revokes it, sees it revoked, and the bank's next
 * call is refused with {@code consent_token_revoked}. And the identity provider's hand-over from another site: its
 * page posts the session secret (an auto-submitting form), the person lands signed in, and the secret appears in no
 * URL and no Location header; posting it again is refused, and the old address entry is refused without echoing it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "quanyun.subject-channel.identity-provider.origins=" + SubjectPortalBrowserIT.PROVIDER_ORIGIN)
class SubjectPortalBrowserIT {

    static final String PROVIDER_ORIGIN = "http://idp.quanyun.test";
    static final String DEMO_KEY = "qyc_dev-quanyun-demo-key-2026";

    static HeadlessChromium chromium;
    static Browser browser;

    @LocalServerPort int port;
    @Autowired DatasetDirectory datasets;
    @Autowired Vault vault;
    final HttpClient http = HttpClient.newHttpClient();

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
    void demoSubject_issuesForTheBank_seesItOnce_revokes_andTheBankIsRefused() throws Exception {
        String[] person = SubjectConsentJourneyTests.demoPerson(datasets, vault);
        String base = "http://localhost:" + port;
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setLocale("zh-CN"));
                Page page = context.newPage()) {
            List<String> urls = new CopyOnWriteArrayList<>();
            page.onRequest(request -> urls.add(request.url()));
            page.onResponse(response -> urls.add(String.valueOf(response.headers().get("location"))));

            page.navigate(base + "/portal/subject");
            assertThat(page.textContent("h1")).isEqualTo("个人授权");
            assertThat(page.textContent("main")).contains("演示登录").contains("居民身份号码");
            page.fill("[data-testid=subject-id]", person[0]);
            page.click("[data-testid=subject-sign-in]");
            page.waitForSelector("[data-testid=subject-tokens]");
            assertThat(page.textContent("main")).contains("签发授权凭证").contains("我的授权凭证").contains("暂无")
                    .doesNotContain(person[0]);

            page.selectOption("[data-testid=subject-choice]",
                    new SelectOption().setLabel(DemoProducts.PRODUCT + " → " + DemoProducts.CONSUMER));
            UUID product = UUID.fromString(((String) page.evalOnSelector("[data-testid=subject-choice]", "e => e.value"))
                    .substring(0, 36));
            page.fill("#days", "7");
            page.click("[data-testid=subject-issue]");
            page.waitForSelector("[data-testid=issued-token]");
            String token = page.textContent("[data-testid=issued-token]").trim();
            assertThat(token).startsWith("qct2.");
            assertThat(page.textContent("[data-testid=issued-token-box]")).contains("只显示这一次");
            assertThat(page.textContent("[data-testid=subject-tokens]")).contains(DemoProducts.PRODUCT)
                    .contains(DemoProducts.CONSUMER).contains("本人");
            assertThat(page.textContent("[data-testid=token-state]")).isEqualTo("有效");
            page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("subject-issued.png"))
                    .setFullPage(true));

            page.reload();
            assertThat(page.locator("[data-testid=issued-token]").count()).as("the token is shown once").isZero();
            assertThat(page.content()).doesNotContain(token);

            // the bank calls with it: answered (a call with a token is decided by the token)
            HttpResponse<String> answered = call(base, product, person, token);
            assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
            assertThat((String) JsonPath.read(answered.body(), "$.answer")).isEqualTo("MATCH");

            page.click("[data-testid=subject-revoke]");
            page.waitForSelector("[data-testid=subject-revoked]");
            assertThat(page.textContent("[data-testid=subject-revoked]")).contains("已撤回");
            assertThat(page.textContent("[data-testid=token-state]")).isEqualTo("已撤回");
            assertThat(page.locator("[data-testid=subject-revoke]").count()).isZero();
            page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("subject-revoked.png"))
                    .setFullPage(true));

            HttpResponse<String> refused = call(base, product, person, token);
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat((String) JsonPath.read(refused.body(), "$.type")).isEqualTo("urn:quanyun:error:consent_token_revoked");
            assertThat(urls).noneMatch(u -> u.contains(token) || u.contains("qys_") || u.contains(person[0]));
        }
    }

    @Test
    void identityProviderPostsTheSecret_fromItsSite_personSignedIn_secretInNoUrl() throws Exception {
        String base = "http://localhost:" + port;
        String idNo = ProductApiTests.validIdNumber("37010219660606123");
        String secret = openSession(base, idNo);
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setLocale("zh-CN"));
                Page page = context.newPage()) {
            List<String> urls = new CopyOnWriteArrayList<>();
            page.onRequest(request -> urls.add(request.url()));
            page.onResponse(response -> urls.add(String.valueOf(response.headers().get("location"))));
            context.route(PROVIDER_ORIGIN + "/**", route -> route.fulfill(new com.microsoft.playwright.Route
                    .FulfillOptions().setContentType("text/html; charset=utf-8").setBody(handOver(base, secret))));

            page.navigate(PROVIDER_ORIGIN + "/hand-over");
            page.waitForURL(base + "/portal/subject");
            page.waitForSelector("[data-testid=subject-tokens]");
            assertThat(page.textContent("h1")).isEqualTo("个人授权");
            assertThat(page.content()).doesNotContain(secret);
            assertThat(urls).as("the secret in no URL and no Location").noneMatch(u -> u.contains(secret))
                    .anyMatch(u -> u.equals(base + "/portal/subject/enter"));
        }

        // the same hand-over again (a replay, in another browser): refused, signed out, told to sign in again
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setLocale("zh-CN"));
                Page page = context.newPage()) {
            context.route(PROVIDER_ORIGIN + "/**", route -> route.fulfill(new com.microsoft.playwright.Route
                    .FulfillOptions().setContentType("text/html; charset=utf-8").setBody(handOver(base, secret))));
            page.navigate(PROVIDER_ORIGIN + "/hand-over");
            page.waitForURL(base + "/portal/subject");
            page.waitForSelector("[data-testid=subject-error]");
            assertThat(page.textContent("[data-testid=subject-error]")).contains("重新登录");
            assertThat(page.locator("[data-testid=subject-tokens]").count()).isZero();

            // the old entry by address: refused, the secret used up and not shown
            String another = openSession(base, idNo);
            page.navigate(base + "/portal/subject/enter?session=" + another);
            page.waitForSelector("[data-testid=subject-error]");
            assertThat(page.url()).isEqualTo(base + "/portal/subject");
            assertThat(page.textContent("[data-testid=subject-error]")).contains("地址栏");
            assertThat(page.content()).doesNotContain(another);
            assertThat(page.locator("[data-testid=subject-tokens]").count()).isZero();
        }
    }

    private static String handOver(String base, String secret) {
        return "<!DOCTYPE html><html><body><form id=\"f\" method=\"post\" action=\"" + base + "/portal/subject/enter\">"
                + "<input type=\"hidden\" name=\"session\" value=\"" + secret + "\"></form>"
                + "<script>document.getElementById('f').submit();</script></body></html>";
    }

    private String openSession(String base, String idNo) throws Exception {
        HttpResponse<String> opened = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/subject/sessions"))
                .header("X-Identity-Provider-Key", SubjectConsentJourneyTests.PROVIDER_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"subject\":\"" + idNo + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        return JsonPath.read(opened.body(), "$.session");
    }

    private HttpResponse<String> call(String base, UUID product, String[] person, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/products/" + product + "/calls"))
                .header("X-Api-Key", DEMO_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":{\"id_no\":\"" + person[0] + "\",\"name\":\""
                        + person[1] + "\"},\"consentToken\":\"" + token + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
