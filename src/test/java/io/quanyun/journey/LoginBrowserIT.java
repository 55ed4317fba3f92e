package io.quanyun.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/**
 * A real browser (Debian's Chromium, driven by Playwright) signs in through the page. Skipped, with the reason,
 * where Chromium is missing; {@code QUANYUN_REQUIRE_BROWSER=true} (set by CI) turns that skip into a failure.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LoginBrowserIT {

    static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("QUANYUN_CHROMIUM", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    static Playwright playwright;
    static Browser browser;

    @LocalServerPort int port;

    @BeforeAll
    static void startBrowser() throws Exception {
        boolean required = "true".equalsIgnoreCase(System.getenv("QUANYUN_REQUIRE_BROWSER"));
        if (!Files.isExecutable(CHROMIUM)) {
            if (required) {
                throw new IllegalStateException("QUANYUN_REQUIRE_BROWSER is set but " + CHROMIUM + " is missing");
            }
            Assumptions.abort("Chromium not found at " + CHROMIUM + " (apt-get install chromium); browser test skipped");
        }
        Files.createDirectories(SCREENSHOTS);
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
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
    void bureau_signsInThroughThePage_andSeesItsWorkbench() {
        try (Page page = browser.newPage()) {
            page.navigate("http://localhost:" + port + "/login");
            assertThat(page.title()).contains("登录");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("login.png")).setFullPage(true));
            page.fill("#username", "bureau");
            page.fill("#password", "Quanyun@2026");
            page.click("button[type=submit]");
            page.waitForURL("**/home");
            assertThat(page.textContent("[data-testid=home-heading]")).isEqualTo("欢迎，bureau");
            assertThat(page.textContent("[data-testid=current-user]")).contains("济南市大数据局");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("home.png")).setFullPage(true));

            page.navigate("http://localhost:" + port + "/home?lang=en");
            assertThat(page.textContent("[data-testid=home-heading]")).isEqualTo("Welcome, bureau");
        }
    }

    @Test
    void wrongPassword_showsAReadableError() {
        try (Page page = browser.newPage()) {
            page.navigate("http://localhost:" + port + "/login");
            page.fill("#username", "operator");
            page.fill("#password", "not-the-password");
            page.click("button[type=submit]");
            page.waitForURL("**/login?error=bad");
            assertThat(page.textContent("[data-testid=login-error]")).contains("用户名或密码错误");
        }
    }

    @Test
    void auditor_verifiesTheChainWithHtmx() {
        try (Page page = browser.newPage()) {
            page.navigate("http://localhost:" + port + "/login");
            page.fill("#username", "auditor");
            page.fill("#password", "Quanyun@2026");
            page.click("button[type=submit]");
            page.waitForURL("**/home");
            page.navigate("http://localhost:" + port + "/audit");
            page.click("[data-testid=verify]");
            page.waitForSelector("[data-testid=verification]");
            assertThat(page.textContent("[data-testid=verification]")).contains("哈希链完整");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("audit.png")).setFullPage(true));
        }
    }
}
