package io.quanyun.authorization;

import static io.quanyun.authorization.ConsoleSessions.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.quanyun.catalog.DatasetDirectory;
import io.quanyun.shared.Zones;
import io.quanyun.support.MutableClock;
import io.quanyun.support.PlatformTest;
import io.quanyun.support.WithoutDemoSandbox;

/**
 * The call drafting form in the console (issue 4, Art. 7 and 8(1)): the authority drafts with scope chosen from the
 * published datasets, a checklist, weighted criteria, window, notice period and term, and publishes; bad input is
 * refused with a readable message in the page and stores nothing; graded calls are limited to their level.
 */
@PlatformTest
@Import({MutableClock.Configuration.class, WithoutDemoSandbox.class})
class CallDraftingConsoleTests {

    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired JdbcClient jdbc;
    @Autowired DatasetDirectory datasets;

    ConsoleSessions console;

    @BeforeEach
    void setUp() {
        console = new ConsoleSessions(mvc);
    }

    String dataset(String code) {
        return datasets.findByCode(code).orElseThrow().id().toString();
    }

    /** The form as a person fills it in: two checklist rows, two criteria, a five-day window. */
    List<String> form(String title, String mode, String... extra) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        List<String> params = new ArrayList<>(List.of("title", title, "description", "控制台起草", "mode", mode,
                "requirementLabel0", "营业执照", "requirementCode0", "business_licence", "requirementRequired0", "on",
                "requirementLabel1", "相关业绩证明", "requirementCode1", "",
                "criterionName0", "运营方案与应用场景", "criterionWeight0", "60",
                "criterionName1", "技术与安全能力", "criterionWeight1", "40",
                "opensAt", LOCAL.format(now.minus(Duration.ofMinutes(1)).atZone(Zones.SHANGHAI)),
                "closesAt", LOCAL.format(now.plus(Duration.ofDays(5)).atZone(Zones.SHANGHAI)),
                "noticeDays", "7", "termMonths", "24"));
        for (int i = 0; i < extra.length; i += 2) {
            int at = params.indexOf(extra[i]);
            if (at >= 0 && at % 2 == 0 && !extra[i].equals("datasetIds") && !extra[i].equals("domains")) {
                params.set(at + 1, extra[i + 1]);
            } else {
                params.add(extra[i]);
                params.add(extra[i + 1]);
            }
        }
        return params;
    }

    /** A published dataset of general data only (the demo datasets all hold important data). */
    String generalDataset() throws Exception {
        String code = "district_stats_" + System.nanoTime() % 1000000;
        String created = body(console.json("provider-market", post("/api/v1/catalog/datasets"), """
                {"code":"%s","name":"区县市场主体统计","description":"按区县汇总的市场主体数量","domains":["CREDIT"],
                 "updateFrequency":"MONTHLY",
                 "fields":[{"name":"district","label":"区县","type":"STRING","classification":"GENERAL",
                            "personalInformation":"NONE","disclosureRole":"QUASI_IDENTIFIER"},
                           {"name":"total","label":"数量","type":"INTEGER","classification":"GENERAL",
                            "personalInformation":"NONE","disclosureRole":"PLAIN_ATTRIBUTE"}]}
                """.formatted(code)).andExpect(status().isCreated()));
        String id = com.jayway.jsonpath.JsonPath.read(created, "$.id");
        console.api("provider-market", post("/api/v1/catalog/datasets/" + id + "/submit")).andExpect(status().isOk());
        console.api("bureau", post("/api/v1/catalog/datasets/" + id + "/publish")).andExpect(status().isOk());
        return id;
    }

    String draft(MockHttpSession session, List<String> params) throws Exception {
        return body(console.htmx(session, "/authorization/calls", params.toArray(String[]::new)));
    }

    long calls() {
        return jdbc.sql("select count(*) from authorization_call").query(Long.class).single();
    }

    String callTitled(String title) {
        return jdbc.sql("select id from authorization_call where title = ?").param(title).query(UUID.class).single()
                .toString();
    }

    @Test
    void draftForm_offersThePublishedDatasetsWithTheirClassification_toTheAuthority() throws Exception {
        String page = console.page(console.signIn("bureau"), "/authorization/calls/new");
        assertThat(page).contains("data-testid=\"call-form\"", "常住人口基本信息（person）", "市场主体登记信息（enterprise）",
                "重要数据", "一般数据", "name=\"criterionWeight5\"", "name=\"requirementLabel5\"", "分级授权",
                "分领域授权", "综合授权", "济南市卫生健康委员会", "type=\"datetime-local\"");
        assertThat(console.page(console.signIn("bureau"), "/authorization")).contains("data-testid=\"new-call\"",
                "data-testid=\"templates-link\"", "data-testid=\"filings-link\"");
    }

    @Test
    void draftForm_forAProvider_offersOnlyDomainSpecificAndItsOwnDatasets() throws Exception {
        String page = console.page(console.signIn("provider-health"), "/authorization/calls/new");
        assertThat(page).contains("门诊就诊记录（clinic_visit）", "value=\"DOMAIN_SPECIFIC\"")
                .doesNotContain("（person）").doesNotContain("value=\"COMPREHENSIVE\"").doesNotContain("value=\"GRADED\"");
    }

    @Test
    void draftForm_isNotForOperators() throws Exception {
        MockHttpSession operator = console.signIn("operator2");
        assertThat(body(mvc.perform(get("/authorization/calls/new").session(operator)).andExpect(status().isForbidden())))
                .contains("forbidden");
        long before = calls();
        assertThat(draft(operator, form("运营单位起草" + System.nanoTime(), "COMPREHENSIVE", "domains", "HEALTH")))
                .contains("forbidden");
        assertThat(calls()).isEqualTo(before);
    }

    @Test
    void authority_draftsACallInTheForm_andPublishesIt() throws Exception {
        String title = "表单起草综合授权" + System.nanoTime() % 100000;
        MockHttpSession bureau = console.signIn("bureau");
        console.htmx(bureau, "/authorization/calls", form(title, "COMPREHENSIVE", "datasetIds", dataset("enterprise"),
                "datasetIds", dataset("vehicle"), "domains", "TRANSPORT").toArray(String[]::new))
                .andExpect(header().string("HX-Redirect", org.hamcrest.Matchers.startsWith("/authorization/calls/")));
        String call = callTitled(title);
        assertThat(jdbc.sql("select state || '|' || mode || '|' || notice_days || '|' || term_months from authorization_call "
                + "where id = ?").param(UUID.fromString(call)).query(String.class).single())
                .isEqualTo("DRAFT|COMPREHENSIVE|7|24");
        assertThat(jdbc.sql("select name || ':' || weight from call_criterion where call_id = ? order by position")
                .param(UUID.fromString(call)).query(String.class).list()).containsExactly("运营方案与应用场景:60", "技术与安全能力:40");
        assertThat(jdbc.sql("select code || ':' || label || ':' || required from call_requirement where call_id = ? "
                + "order by position").param(UUID.fromString(call)).query(String.class).list().stream().map(String::toUpperCase).toList()) // PostgreSQL writes true, H2 TRUE
                .containsExactly("BUSINESS_LICENCE:营业执照:TRUE", "DOCUMENT_2:相关业绩证明:FALSE");
        assertThat(jdbc.sql("select dataset_code from call_dataset where call_id = ? order by position")
                .param(UUID.fromString(call)).query(String.class).list()).containsExactly("enterprise", "vehicle");
        assertThat(jdbc.sql("select domain from call_domain where call_id = ?").param(UUID.fromString(call))
                .query(String.class).list()).containsExactly("TRANSPORT");
        // the window was entered in Beijing time
        Instant closes = jdbc.sql("select closes_at from authorization_call where id = ?").param(UUID.fromString(call))
                .query(java.sql.Timestamp.class).single().toInstant();
        assertThat(closes).isEqualTo(clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofDays(5)));

        String page = console.page(bureau, "/authorization/calls/" + call);
        assertThat(page).contains("data-testid=\"publish-call\"", "市场主体登记信息", "交通运输", "运营方案与应用场景（60%）",
                "授权期限 24 个月；公示期 7 天");
        console.htmx(bureau, "/authorization/calls/" + call + "/publication")
                .andExpect(header().string("HX-Redirect", "/authorization/calls/" + call));
        assertThat(jdbc.sql("select state from authorization_call where id = ?").param(UUID.fromString(call))
                .query(String.class).single()).isEqualTo("PUBLISHED");
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'authorization.call.draft' and object_id = ?")
                .param(call).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void draftForm_withBadInput_isRefusedWithReadableMessages_andStoresNothing() throws Exception {
        MockHttpSession bureau = console.signIn("bureau");
        long before = calls();
        String weights = draft(bureau, form("权重不足" + System.nanoTime(), "COMPREHENSIVE", "domains", "HEALTH",
                "criterionWeight1", "30"));
        assertThat(weights).contains("data-testid=\"problem\"", "validation_failed", "权重合计须为100，现为90");
        // what cannot be read is reported first, all of it together
        String unreadable = draft(bureau, form("格式错误", "COMPREHENSIVE", "closesAt", "明天", "criterionWeight0", "六十"));
        assertThat(unreadable).contains("closesAt", "日期时间格式无效", "第1项评审标准的权重须为整数");
        // then every rule the draft breaks, together
        String many = draft(bureau, form("", "COMPREHENSIVE", "domains", "HEALTH", "termMonths", "61", "noticeDays", "3"));
        assertThat(many).contains("<code>title</code>", "<code>termMonths</code>", "<code>noticeDays</code>",
                "公示期为5至30日");
        String scope = draft(bureau, form("无范围" + System.nanoTime(), "COMPREHENSIVE", "termMonths", "61"));
        assertThat(scope).contains("授权范围须包含数据集或领域", "授权期限不超过5年");
        String unpublished = draft(bureau, form("未知数据集" + System.nanoTime(), "COMPREHENSIVE",
                "datasetIds", UUID.randomUUID().toString()));
        assertThat(unpublished).contains("数据集未发布或不存在");
        String checklist = draft(bureau, form("材料代码" + System.nanoTime(), "COMPREHENSIVE", "domains", "HEALTH",
                "requirementCode0", "营业执照"));
        assertThat(checklist).contains("材料代码为小写字母、数字和下划线");
        String domainWithoutProvider = draft(bureau, form("缺提供单位" + System.nanoTime(), "DOMAIN_SPECIFIC",
                "domains", "HEALTH", "providerId", ""));
        assertThat(domainWithoutProvider).contains("providerId", "分领域授权须指定数据提供单位");
        assertThat(calls()).isEqualTo(before);
    }

    @Test
    void weightsTotal_isShownWhileTheFormIsFilledIn() throws Exception {
        MockHttpSession bureau = console.signIn("bureau");
        assertThat(console.page(bureau, "/authorization/calls/new/weights?criterionWeight0=60&criterionWeight1=30"))
                .contains("权重合计：90 / 100", "text-danger");
        assertThat(console.page(bureau, "/authorization/calls/new/weights?criterionWeight0=60&criterionWeight1=40"))
                .contains("权重合计：100 / 100", "text-success");
    }

    // ---------------------------------------------------------------- graded (ADR 2026-11-29 graded authorization)

    @Test
    void gradedCall_isLimitedToDatasetsAtOrBelowItsLevel() throws Exception {
        MockHttpSession bureau = console.signIn("bureau");
        String generalData = generalDataset();
        long before = calls();
        String exceeded = draft(bureau, form("分级超限" + System.nanoTime(), "GRADED", "grade", "GENERAL",
                "datasetIds", generalData, "datasetIds", dataset("enterprise")));
        assertThat(exceeded).contains("grade_exceeded", "enterprise", "重要数据");
        String noLevel = draft(bureau, form("分级无级别" + System.nanoTime(), "GRADED", "datasetIds", dataset("enterprise")));
        assertThat(noLevel).contains("grade", "必填");
        String core = draft(bureau, form("分级核心" + System.nanoTime(), "GRADED", "grade", "CORE",
                "datasetIds", dataset("enterprise")));
        assertThat(core).contains("分级授权须选择授权级别");
        String domains = draft(bureau, form("分级按领域" + System.nanoTime(), "GRADED", "grade", "IMPORTANT",
                "domains", "HEALTH"));
        assertThat(domains).contains("分级授权按数据集逐一确定范围");
        assertThat(calls()).isEqualTo(before);

        String general = "一般数据分级授权" + System.nanoTime() % 100000;
        console.htmx(bureau, "/authorization/calls", form(general, "GRADED", "grade", "GENERAL",
                "datasetIds", generalData).toArray(String[]::new)).andExpect(header().exists("HX-Redirect"));
        String call = callTitled(general);
        assertThat(jdbc.sql("select grade from authorization_call where id = ?").param(UUID.fromString(call))
                .query(String.class).single()).isEqualTo("GENERAL");
        assertThat(console.page(bureau, "/authorization/calls/" + call)).contains("分级授权：仅限一般数据及以下");
        String important = "重要数据分级授权" + System.nanoTime() % 100000;
        console.htmx(bureau, "/authorization/calls", form(important, "GRADED", "grade", "IMPORTANT",
                "datasetIds", dataset("enterprise"), "datasetIds", dataset("person")).toArray(String[]::new))
                .andExpect(header().exists("HX-Redirect"));
        assertThat(jdbc.sql("select count(*) from call_dataset where call_id = ?").param(UUID.fromString(callTitled(important)))
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void gradedLevel_overTheApi_isRefusedForOtherModes_andRequiredForGraded() throws Exception {
        Instant now = clock.instant();
        String body = """
                {"title":"%s","mode":"%s","grade":%s,"datasetIds":["%s"],
                 "criteria":[{"name":"方案","weight":100}],
                 "opensAt":"%s","closesAt":"%s","noticeDays":7,"termMonths":12}
                """;
        String comprehensive = body(console.json("bureau", post("/api/v1/calls"), body.formatted("综合带级别", "COMPREHENSIVE",
                "\"GENERAL\"", dataset("enterprise"), now, now.plus(Duration.ofDays(5)))).andExpect(status().isBadRequest()));
        assertThat(comprehensive).contains("只有分级授权设定授权级别");
        String exceeded = body(console.json("bureau", post("/api/v1/calls"), body.formatted("分级超限API", "GRADED",
                "\"GENERAL\"", dataset("income"), now, now.plus(Duration.ofDays(5)))).andExpect(status().is(422)));
        assertThat(exceeded).contains("urn:quanyun:error:grade_exceeded", "income");
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'authorization.call.draft' "
                + "and outcome <> 'SUCCESS' and reason like 'grade_exceeded%'").query(Long.class).single()).isPositive();
        console.json("bureau", post("/api/v1/calls"), body.formatted("分级API", "GRADED", "\"GENERAL\"",
                generalDataset(), now, now.plus(Duration.ofDays(5)))).andExpect(status().isCreated())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.grade")
                        .value("GENERAL"));
    }
}
