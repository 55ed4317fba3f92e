package io.quanyun.journey;

import io.quanyun.support.HeadlessChromium;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import io.quanyun.access.GrantDescriptor;
import io.quanyun.sandbox.SandboxTestGrants;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * An operator engineer runs a query in the workspace page in a real browser and sees its result as a
 * table and an ECharts chart; a refused query shows its rule code. Screenshots go to target/screenshots.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(SandboxTestGrants.class)
class SandboxWorkspaceBrowserIT {

    static final Path SCREENSHOTS = HeadlessChromium.SCREENSHOTS;

    static HeadlessChromium chromium;
    static Browser browser;

    @LocalServerPort int port;
    @Autowired SandboxTestGrants.TestGrantDirectory grants;

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
    void engineer_runsAQueryInTheWorkspacePage_andSeesItsChart() throws Exception {
        GrantDescriptor grant = grants.grant("区县收入分析", "DIFFERENTIAL_PRIVACY", new BigDecimal("30"), new BigDecimal("3"),
                "person", "income");
        String workspace = workspaceWithOperator(grant);
        try (Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1400, 1000))) {
            page.navigate("http://localhost:" + port + "/login");
            page.fill("#username", "operator");
            page.fill("#password", "Quanyun@2026");
            page.click("button[type=submit]");
            page.waitForURL("**/home");
            page.navigate("http://localhost:" + port + "/sandbox/workspaces/" + workspace);
            assertThat(page.textContent("[data-testid=schema]")).contains("id_no");
            page.fill("#sql", "SELECT p.district, COUNT(*) AS n, AVG(i.amount) AS mean_income FROM person p "
                    + "JOIN income i ON i.id_no = p.id_no GROUP BY p.district ORDER BY p.district");
            page.click("[data-testid=run]");
            page.waitForSelector("[data-testid=chart][data-rendered=true]");
            assertThat(page.locator("[data-testid=chart] canvas").count()).isPositive();
            assertThat(page.textContent("[data-testid=result-table]")).contains("历下区");
            assertThat(page.textContent("[data-testid=privacy]")).contains("差分隐私");
            assertThat(page.textContent("[data-testid=history]")).contains("ACCEPTED");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("sandbox-workspace.png"))
                    .setFullPage(true));

            page.fill("#sql", "SELECT name, phone FROM person");
            page.click("[data-testid=run]");
            page.waitForSelector("[data-testid=problem]");
            assertThat(page.textContent("[data-testid=problem]")).contains("identifier_in_output")
                    .doesNotContain("张");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("sandbox-refusal.png"))
                    .setFullPage(true));
        }
    }

    @Test
    void export_isAskedInTheWorkspace_approvedByTwoReviewers_andDownloaded() throws Exception {
        GrantDescriptor grant = grants.grant("导出审核浏览器", "THRESHOLD", BigDecimal.TEN, BigDecimal.ONE, "person");
        String workspace = workspaceWithOperator(grant);
        String purpose = "性别结构报告 " + System.nanoTime();
        try (var operatorContext = browser.newContext(); Page page = operatorContext.newPage()) {
            signIn(page, "operator");
            page.navigate("http://localhost:" + port + "/sandbox/workspaces/" + workspace);
            page.fill("#sql", "SELECT gender, COUNT(*) AS n FROM person GROUP BY gender");
            page.click("[data-testid=run]");
            page.waitForSelector("[data-testid=result-table]");
            page.locator("[data-testid=export-form]").first().locator("input[name=purpose]").fill(purpose);
            page.locator("[data-testid=export-form]").first().locator("button").click();
            page.waitForURL("**/sandbox/exports");
            assertThat(page.textContent("main")).contains(purpose).contains("待审核");
        }
        for (String reviewer : List.of("bureau", "district")) {
            try (var context = browser.newContext(); Page page = context.newPage()) {
                signIn(page, reviewer);
                page.navigate("http://localhost:" + port + "/sandbox/exports");
                var card = page.locator("[data-testid=export][data-state=REQUESTED]").filter(
                        new com.microsoft.playwright.Locator.FilterOptions().setHasText(purpose));
                assertThat(card.locator("[data-testid=export-result]").textContent()).contains("gender");
                card.locator("input[name=reason]").fill(reviewer + "：聚合结果，可以导出");
                var response = page.waitForResponse(r -> r.url().contains("/review"),
                        () -> card.locator("[data-testid=approve]").click());
                assertThat(response.headers()).containsEntry("hx-redirect", "/sandbox/exports");
                page.waitForLoadState();
                page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("export-review-" + reviewer
                        + ".png")).setFullPage(true));
            }
        }
        try (var operatorContext = browser.newContext(); Page page = operatorContext.newPage()) {
            signIn(page, "operator");
            page.navigate("http://localhost:" + port + "/sandbox/exports");
            var card = page.locator("[data-testid=export]").filter(
                    new com.microsoft.playwright.Locator.FilterOptions().setHasText(purpose));
            assertThat(card.getAttribute("data-state")).isEqualTo("APPROVED");
            var download = page.waitForDownload(() -> card.locator("a:has-text('CSV')").click());
            assertThat(download.suggestedFilename()).startsWith("export-").endsWith(".csv");
        }
    }

    private void signIn(Page page, String username) {
        page.navigate("http://localhost:" + port + "/login");
        page.fill("#username", username);
        page.fill("#password", "Quanyun@2026");
        page.click("button[type=submit]");
        page.waitForURL("**/home");
    }

    private String workspaceWithOperator(GrantDescriptor grant) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://localhost:" + port;
        String token = JsonPath.read(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"operator\",\"password\":\"Quanyun@2026\"}"))
                .build(), HttpResponse.BodyHandlers.ofString()).body(), "$.token");
        String list = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/sandbox/workspaces"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body();
        List<String> ids = JsonPath.read(list, "$[?(@.grantId == '" + grant.id() + "')].id");
        http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/sandbox/workspaces/" + ids.get(0) + "/members"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"operator\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return ids.get(0);
    }
}
