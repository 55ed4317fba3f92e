package io.quanyun.authorization;

import static io.quanyun.authorization.ConsoleSessions.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.quanyun.shared.Zones;
import io.quanyun.support.MutableClock;
import io.quanyun.support.PlatformTest;
import io.quanyun.support.WithoutDemoSandbox;

/** The authority's template versions page (Art. 9 clause check) and the filing page (备案) in the console. */
@PlatformTest
@Import({MutableClock.Configuration.class, WithoutDemoSandbox.class})
class AgreementPagesTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired JdbcClient jdbc;

    ConsoleSessions console;

    @BeforeEach
    void setUp() {
        console = new ConsoleSessions(mvc);
    }

    long templates() {
        return jdbc.sql("select count(*) from agreement_template").query(Long.class).single();
    }

    String[] clauses(String title, ClauseKind... leftOut) {
        List<String> params = new ArrayList<>(List.of("title", title));
        for (ClauseKind kind : ClauseKind.values()) {
            if (!List.of(leftOut).contains(kind)) {
                params.add("clause_" + kind.name());
                params.add(kind.headingZh() + "：本条款正文（测试）。");
            }
        }
        return params.toArray(String[]::new);
    }

    @Test
    void templatesPage_refusesATemplateWithoutAllEightClauses_andPublishesANewVersion() throws Exception {
        MockHttpSession bureau = console.signIn("bureau");
        String page = console.page(bureau, "/authorization/templates");
        assertThat(page).contains("data-testid=\"template-form\"", "name=\"clause_DISPOSAL_OF_ASSETS\"", "八、授权期满后的资产处置");
        long before = templates();
        String refused = body(console.htmx(bureau, "/authorization/templates",
                clauses("缺条款范本", ClauseKind.EXIT_CONDITIONS, ClauseKind.DISPOSAL_OF_ASSETS)));
        assertThat(refused).contains("agreement_template_incomplete", "缺少条款：六、退出条件", "缺少条款：八、授权期满后的资产处置");
        assertThat(templates()).isEqualTo(before);
        assertThat(body(console.htmx(console.signIn("operator2"), "/authorization/templates", clauses("越权范本"))))
                .contains("forbidden");
        assertThat(templates()).isEqualTo(before);

        String title = "控制台发布的范本" + System.nanoTime() % 100000;
        console.htmx(bureau, "/authorization/templates", clauses(title))
                .andExpect(header().string("HX-Redirect", "/authorization/templates"));
        assertThat(templates()).isEqualTo(before + 1);
        assertThat(jdbc.sql("select title from agreement_template where state = 'CURRENT'").query(String.class).single())
                .isEqualTo(title);
        assertThat(console.page(bureau, "/authorization/templates")).contains(title, "现行", "已废止");
        assertThat(console.page(console.signIn("operator2"), "/authorization/templates")).doesNotContain("template-form");
    }

    @Test
    void filingPage_showsTheReportForAPeriod_withThePdf_andRefusesABadDate() throws Exception {
        MockHttpSession bureau = console.signIn("bureau");
        assertThat(console.page(bureau, "/authorization/filings")).contains("data-testid=\"filing-form\"");
        LocalDate today = LocalDate.ofInstant(clock.instant(), Zones.SHANGHAI);
        String from = today.minusYears(1).toString();
        String to = today.plusDays(30).toString();
        String report = console.page(bureau, "/authorization/filings?from=" + from + "&to=" + to);
        long published = jdbc.sql("select count(*) from authorization_call where published_at >= ? and published_at < ?")
                .param(Timestamp.from(today.minusYears(1).atStartOfDay(Zones.SHANGHAI).toInstant()))
                .param(Timestamp.from(today.plusDays(31).atStartOfDay(Zones.SHANGHAI).toInstant()))
                .query(Long.class).single();
        assertThat(published).isPositive();
        assertThat(report).contains("期间发布的申报公告</th><td>" + published + "</td>", "data-testid=\"filing-pdf\"");
        byte[] pdf = mvc.perform(get("/authorization/filings/document?from=" + from + "&to=" + to).session(bureau))
                .andExpect(status().isOk()).andExpect(header().string("Content-Type", "application/pdf"))
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        String json = body(mvc.perform(get("/authorization/filings/report.json?from=" + from + "&to=" + to)
                .session(bureau)).andExpect(status().isOk()));
        assertThat(com.jayway.jsonpath.JsonPath.<Integer>read(json, "$.callsPublished")).isEqualTo((int) published);
        String bad = body(mvc.perform(get("/authorization/filings?from=昨天&to=" + to).session(bureau)
                .header("HX-Request", "true")).andExpect(status().isOk()));
        assertThat(bad).contains("validation_failed", "日期格式应为 yyyy-MM-dd");
        String operator = body(mvc.perform(get("/authorization/filings?from=" + from + "&to=" + to)
                .session(console.signIn("operator2"))).andExpect(status().isForbidden()));
        assertThat(operator).contains("forbidden");
    }
}
