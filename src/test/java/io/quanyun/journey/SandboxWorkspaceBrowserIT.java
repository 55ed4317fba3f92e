package io.quanyun.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
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
import org.junit.jupiter.api.Assumptions;
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

    static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("QUANYUN_CHROMIUM", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    static Playwright playwright;
    static Browser browser;

    @LocalServerPort int port;
    @Autowired SandboxTestGrants.TestGrantDirectory grants;

    @BeforeAll
    static void startBrowser() throws Exception {
        boolean required = "true".equalsIgnoreCase(System.getenv("QUANYUN_REQUIRE_BROWSER"));
        if (!Files.isExecutable(CHROMIUM)) {
            if (required) {
                throw new IllegalStateException("QUANYUN_REQUIRE_BROWSER is set but " + CHROMIUM + " is missing");
            }
            Assumptions.abort("Chromium not found at " + CHROMIUM + "; browser test skipped");
        }
        Files.createDirectories(SCREENSHOTS);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
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
