package io.quanyun.journey;

import io.quanyun.support.HeadlessChromium;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.audit.Outcome;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.Role;
import io.quanyun.supervision.AlertState;
import io.quanyun.supervision.AlertView;
import io.quanyun.supervision.MonitoringRuleCode;
import io.quanyun.supervision.SupervisionManagement;
import io.quanyun.support.Api;
import io.quanyun.support.WithoutDemoSandbox;

/**
 * The supervision dashboard in a real browser (issue 7): a burst of sandbox queries by one analyst raises an alert;
 * the authority signs in, the dashboard draws its three ECharts charts, and the alert is resolved with a note in
 * the page. Screenshots go to target/screenshots/supervision-*.png.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(WithoutDemoSandbox.class)
@TestPropertySource(properties = "quanyun.supervision.jobs-enabled=false")
class SupervisionBrowserIT {

    static final Path SCREENSHOTS = HeadlessChromium.SCREENSHOTS;

    static HeadlessChromium chromium;
    static Browser browser;

    @LocalServerPort int port;
    @Autowired SupervisionManagement supervision;
    @Autowired AuditTrail audit;
    @Autowired TransactionTemplate transactions;

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

    /** A burst of sandbox queries by one analyst of a made-up operator, as the sandbox audits them. */
    AlertView burst() {
        Actors.runAs(Actor.system(), supervision::evaluateMonitoring);
        String analyst = "browser-" + UUID.randomUUID().toString().substring(0, 8);
        Actor actor = new Actor(UUID.randomUUID(), analyst, UUID.randomUUID(), "浏览器测试运营单位",
                OrganizationType.OPERATOR, Set.of(Role.OPERATOR_ENGINEER), "127.0.0.1");
        transactions.executeWithoutResult(status -> {
            for (int i = 0; i < 40; i++) {
                audit.record(new AuditEvent(actor, "sandbox.query", "query", UUID.randomUUID().toString(),
                        Outcome.SUCCESS, null, Map.of()));
            }
        });
        return Actors.runAs(Actor.system(), supervision::evaluateMonitoring).stream()
                .filter(a -> a.subject().equals(analyst) && a.rule() == MonitoringRuleCode.QUERY_BURST).findFirst()
                .orElseThrow();
    }

    @Test
    void dashboardDrawsItsCharts_andTheAuthorityResolvesAnAlert() {
        AlertView alert = burst();
        try (Page page = browser.newPage(new Browser.NewPageOptions().setLocale("zh-CN"))) {
            page.navigate(base() + "/login");
            page.fill("#username", "bureau");
            page.fill("#password", Api.PASSWORD);
            page.click("button[type=submit]");
            page.waitForURL("**/home");

            page.navigate(base() + "/supervision");
            for (String chart : List.of("chart-by-rule", "chart-per-day", "chart-by-severity")) {
                Locator drawn = page.locator("[data-testid=" + chart + "][data-rendered=true] canvas");
                drawn.first().waitFor();
                assertThat(drawn.count()).as(chart).isPositive();
            }
            Locator row = page.locator("[data-alert='" + alert.id() + "']");
            assertThat(row.innerText()).contains(alert.subject()).contains("短时大量查询");
            page.screenshot(shot("supervision-dashboard.png"));

            row.locator("input[name=note]").fill("已核实：压力测试账号，已停用");
            row.locator("form[action$='/resolve'] button").click();
            page.waitForSelector("[data-alert='" + alert.id() + "'] span.text-muted");
            Locator resolved = page.locator("[data-alert='" + alert.id() + "']");
            assertThat(resolved.innerText()).contains("已解决").contains("已核实：压力测试账号，已停用");
            page.screenshot(shot("supervision-alert-resolved.png"));
        }
        assertThat(Actors.runAs(Actor.system(), () -> supervision.alert(alert.id())).state())
                .isEqualTo(AlertState.RESOLVED);
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private static Page.ScreenshotOptions shot(String name) {
        return new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name)).setFullPage(true);
    }
}
