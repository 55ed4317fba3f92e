package io.quanyun.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

/**
 * Debian's Chromium driven by Playwright, for the browser tests: headless, no browser download. Without Chromium
 * the test is skipped, unless {@code QUANYUN_REQUIRE_BROWSER=true} (as in CI), where it fails.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path EXECUTABLE = Paths.get(System.getenv().getOrDefault("QUANYUN_CHROMIUM", "/usr/bin/chromium"));
    public static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    private final Playwright playwright;
    private final Browser browser;

    private HeadlessChromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    /** Starts Chromium, or skips (or fails, when a browser is required) the calling test class. */
    public static HeadlessChromium launch() throws Exception {
        boolean required = "true".equalsIgnoreCase(System.getenv("QUANYUN_REQUIRE_BROWSER"));
        if (!Files.isExecutable(EXECUTABLE)) {
            if (required) {
                throw new IllegalStateException("QUANYUN_REQUIRE_BROWSER is set but " + EXECUTABLE + " is missing");
            }
            Assumptions.abort("Chromium not found at " + EXECUTABLE + "; browser test skipped");
        }
        Files.createDirectories(SCREENSHOTS);
        Playwright playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(EXECUTABLE)
                .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
        return new HeadlessChromium(playwright, browser);
    }

    public Browser browser() {
        return browser;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
