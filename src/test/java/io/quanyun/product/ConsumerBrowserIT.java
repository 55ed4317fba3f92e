package io.quanyun.product;

import io.quanyun.support.HeadlessChromium;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import com.jayway.jsonpath.JsonPath;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;

/**
 * The consumer {@code bank} in a real browser: browses the listed products, subscribes, sees its new API key once
 * (gone after a reload), and after a call with that key sees the refused call counted on its usage page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ConsumerTestGrants.class)
class ConsumerBrowserIT {

    static final Path SCREENSHOTS = HeadlessChromium.SCREENSHOTS;

    static HeadlessChromium chromium;
    static Browser browser;

    @LocalServerPort int port;
    @Autowired ConsumerTestGrants.FixedConsumerGrant grants;
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
    void bank_subscribes_seesItsKeyOnce_andSeesItsUsage() throws Exception {
        String name = "浏览器订阅核验-" + UUID.randomUUID().toString().substring(0, 6);
        UUID product = listedProduct(name);
        String base = "http://localhost:" + port;
        try (Page page = browser.newPage()) {
            page.navigate(base + "/login");
            page.fill("#username", "bank");
            page.fill("#password", "Quanyun@2026");
            page.click("button[type=submit]");
            page.waitForURL("**/home");
            page.navigate(base + "/consumer/products");
            String row = "tr[data-product='" + name + "']";
            page.click(row + " [data-testid=subscribe]");
            page.waitForURL("**/consumer/subscriptions/*");
            page.click("[data-testid=issue-key]");
            page.waitForSelector("[data-testid=issued-key]");
            String key = page.textContent("[data-testid=issued-key]").trim();
            assertThat(key).startsWith("qyc_").hasSizeGreaterThan(40);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("consumer-key.png")).setFullPage(true));
            assertThat(page.textContent("[data-testid=keys]")).contains(key.substring(0, 10));

            page.reload();
            assertThat(page.locator("[data-testid=issued-key]").count()).as("the key is shown once").isZero();
            assertThat(page.content()).doesNotContain(key);

            // a call with the key about a subject without consent: refused, and counted on the usage page
            HttpResponse<String> call = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/products/" + product
                    + "/calls")).header("X-Api-Key", key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":{\"id_no\":\""
                            + ProductApiTests.validIdNumber("37010219800101001") + "\",\"name\":\"张三\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(call.statusCode()).isEqualTo(422);
            page.click("[data-testid=usage-link]");
            page.waitForSelector("[data-testid=usage-heading]");
            assertThat(page.textContent("[data-testid=refused]")).isEqualTo("1");
            assertThat(page.textContent("[data-testid=billable]")).isEqualTo("0");
            assertThat(page.textContent("[data-testid=usage]")).contains("无数据主体授权");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("consumer-usage.png")).setFullPage(true));
        }
    }

    /** An identity verification listed through the API by operator and bureau. */
    private UUID listedProduct(String name) throws Exception {
        String body = """
                {"grantId":"%s","form":"DATA_VERIFICATION","name":"%s","description":"身份号码与姓名是否一致",
                 "pricingModel":"PER_CALL","fee":0.05,"consentPurpose":"browser-test","verification":{"datasetCode":"person",
                 "subjectField":"id_no","attributeField":"name","comparison":"EQUALS"}}""".formatted(grants.grant().id(), name);
        UUID id = UUID.fromString(JsonPath.read(api("operator", "/api/v1/products", body, 201), "$.id"));
        api("operator", "/api/v1/products/" + id + "/submit", "", 200);
        api("bureau", "/api/v1/products/" + id + "/reviews", "{\"approved\":true,\"riskLevel\":\"LOW\",\"capPrice\":1}", 200);
        return id;
    }

    private String api(String user, String path, String body, int expected) throws Exception {
        String login = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/auth/token"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + user + "\",\"password\":\"Quanyun@2026\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + JsonPath.read(login, "$.token"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        return response.body();
    }
}
