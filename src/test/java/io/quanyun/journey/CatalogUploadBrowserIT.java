package io.quanyun.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import io.quanyun.catalog.CatalogManagement;
import io.quanyun.catalog.Classification;
import io.quanyun.catalog.DatasetDescriptor;
import io.quanyun.catalog.DisclosureRole;
import io.quanyun.catalog.Domain;
import io.quanyun.catalog.FieldRules;
import io.quanyun.catalog.FieldSpecification;
import io.quanyun.catalog.PersonalInformation;
import io.quanyun.catalog.RegisterDataset;
import io.quanyun.catalog.ValidityRule;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;

/**
 * A provider clerk uploads a file through the console in a real browser: the progress bar fills while the file is
 * sent, then the new version's quality figures appear, and the dataset page draws the quality chart; a malformed
 * file shows its line-numbered errors. Skipped without Chromium unless {@code QUANYUN_REQUIRE_BROWSER=true}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CatalogUploadBrowserIT {

    static Playwright playwright;
    static Browser browser;

    @LocalServerPort int port;
    @Autowired CatalogManagement catalog;
    @Autowired IdentityManagement identity;
    @TempDir Path directory;

    @BeforeAll
    static void startBrowser() throws Exception {
        boolean required = "true".equalsIgnoreCase(System.getenv("QUANYUN_REQUIRE_BROWSER"));
        if (!Files.isExecutable(LoginBrowserIT.CHROMIUM)) {
            if (required) {
                throw new IllegalStateException("QUANYUN_REQUIRE_BROWSER is set but " + LoginBrowserIT.CHROMIUM
                        + " is missing");
            }
            Assumptions.abort("Chromium not found at " + LoginBrowserIT.CHROMIUM + "; browser test skipped");
        }
        Files.createDirectories(LoginBrowserIT.SCREENSHOTS);
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(LoginBrowserIT.CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
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
    void providerClerk_uploadsThroughTheConsole_seesProgress_thenQualityFiguresAndChart() throws Exception {
        UUID id = publishedDatasetOfTheTaxBureau("upload_browser_" + UUID.randomUUID().toString().substring(0, 8));
        Path csv = directory.resolve("income.csv");
        int rows = 60_000;
        try (BufferedWriter writer = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            writer.write("id_no,district,amount\n");
            for (int row = 0; row < rows; row++) {
                // every tenth district is outside the declared values, so validity is 90 %
                writer.write("3701021980010100" + String.format("%02d", row % 100) + ","
                        + (row % 10 == 0 ? "外省" : "历下区") + "," + (1000 + row) + ".50\n");
            }
        }
        assertThat(Files.size(csv)).isGreaterThan(1_500_000);

        try (Page page = browser.newPage()) {
            signIn(page, "provider-tax");
            page.navigate("http://localhost:" + port + "/catalog/" + id);
            // record every value the progress bar takes while the file is sent
            page.evaluate("() => { window.progressSeen = []; document.body.addEventListener('htmx:xhr:progress',"
                    + " () => setTimeout(() => window.progressSeen.push(document.getElementById('upload-progress')"
                    + ".value), 0)); }");
            page.setInputFiles("[data-testid=upload] input[type=file]", csv);
            page.click("[data-testid=upload] button[type=submit]");
            page.waitForSelector("[data-testid=upload-ok]", new Page.WaitForSelectorOptions().setTimeout(120_000));

            @SuppressWarnings("unchecked")
            List<Object> progress = (List<Object>) page.evaluate("() => window.progressSeen");
            assertThat(progress).as("progress events").isNotEmpty();
            assertThat(((Number) progress.get(progress.size() - 1)).intValue()).isEqualTo(100);
            assertThat(((Number) page.evaluate("() => document.getElementById('upload-progress').value")).intValue())
                    .isEqualTo(100);
            assertThat(page.textContent("[data-testid=upload-ok]")).containsPattern("60,?000");
            assertThat(page.textContent("[data-testid=upload-quality] tr[data-field=district]")).contains("90.00%");
            assertThat(page.textContent("[data-testid=upload-quality] tr[data-field=id_no]"))
                    .contains("身份号码校验码");
            page.screenshot(new Page.ScreenshotOptions().setPath(LoginBrowserIT.SCREENSHOTS
                    .resolve("catalog-upload.png")).setFullPage(true));

            page.click("[data-testid=upload-reload]");
            page.waitForSelector("#quality-chart canvas");
            assertThat(page.textContent("[data-testid=quality]")).containsPattern("60,?000");
            page.screenshot(new Page.ScreenshotOptions().setPath(LoginBrowserIT.SCREENSHOTS
                    .resolve("catalog-quality-chart.png")).setFullPage(true));

            // a malformed file: its errors with line numbers, and the version stays
            Path bad = Files.writeString(directory.resolve("bad.csv"), "id_no,district,amount\n"
                    + "370102198001010015,历下区,12.5\n370102198001010016,历下区,not-a-number\n");
            page.setInputFiles("[data-testid=upload] input[type=file]", bad);
            page.click("[data-testid=upload] button[type=submit]");
            page.waitForSelector("[data-testid=upload-refused]");
            assertThat(page.textContent("[data-testid=upload-refused]")).contains("第 3 行").contains("amount")
                    .doesNotContain("not-a-number");
        }
        assertThat(Actors.runAs(Actor.system(), () -> catalog.dataset(id).currentVersion())).isEqualTo(1);
    }

    private void signIn(Page page, String username) {
        page.navigate("http://localhost:" + port + "/login");
        page.fill("#username", username);
        page.fill("#password", "Quanyun@2026");
        page.click("button[type=submit]");
        page.waitForURL("**/home");
    }

    private UUID publishedDatasetOfTheTaxBureau(String code) {
        return Actors.runAs(Actor.system(), () -> {
            UUID provider = identity.organizationsOfType(OrganizationType.PROVIDER).stream()
                    .filter(o -> o.name().equals("国家税务总局济南市税务局")).map(OrganizationView::id).findFirst()
                    .orElseThrow();
            DatasetDescriptor dataset = catalog.registerDataset(provider, new RegisterDataset(code, "浏览器上传测试",
                    "d", Set.of(Domain.FINANCE), "DAILY", List.of(
                    new FieldSpecification("id_no", "公民身份号码", "STRING", false, Classification.IMPORTANT,
                            PersonalInformation.SENSITIVE, DisclosureRole.DIRECT_IDENTIFIER, true,
                            FieldRules.of(ValidityRule.ID_CARD_NUMBER)),
                    new FieldSpecification("district", "区县", "STRING", true, Classification.GENERAL,
                            PersonalInformation.PERSONAL, DisclosureRole.QUASI_IDENTIFIER, false,
                            new FieldRules(null, null, null, null, List.of("历下区", "市中区"))),
                    new FieldSpecification("amount", "金额", "DECIMAL", true, Classification.IMPORTANT,
                            PersonalInformation.SENSITIVE, DisclosureRole.SENSITIVE_ATTRIBUTE, false))));
            catalog.submit(dataset.id());
            catalog.publish(dataset.id());
            return dataset.id();
        });
    }
}
