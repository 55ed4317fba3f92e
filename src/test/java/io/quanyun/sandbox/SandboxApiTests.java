package io.quanyun.sandbox;

import static io.quanyun.sandbox.SandboxApiTestSupport.body;
import static io.quanyun.sandbox.SandboxApiTestSupport.query;
import static io.quanyun.sandbox.SandboxApiTestSupport.quote;
import static io.quanyun.sandbox.SandboxApiTestSupport.refusal;
import static io.quanyun.sandbox.SandboxApiTestSupport.workspace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.jayway.jsonpath.JsonPath;
import io.quanyun.access.GrantDescriptor;
import io.quanyun.access.GrantRestored;
import io.quanyun.access.GrantState;
import io.quanyun.access.GrantSuspended;
import io.quanyun.audit.Sm3;
import io.quanyun.support.Api;
import io.quanyun.support.PlatformTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sandbox through its HTTP API on the whole application, with the demo data ingested through the
 * vault: workspaces, protected answers, persisted budget and recorded answers, history and audit,
 * concurrency, suspension and cancellation, exports with dual review.
 */
@PlatformTest
@Import(SandboxTestGrants.class)
class SandboxApiTests {

    @Autowired MockMvc mvc;
    @Autowired SandboxTestGrants.TestGrantDirectory grants;
    @Autowired JdbcClient jdbc;
    @Autowired ApplicationEventPublisher events;
    @Autowired TransactionTemplate transactions;

    GrantDescriptor threshold;
    UUID workspace;

    @BeforeEach
    void thresholdWorkspace() throws Exception {
        threshold = grants.grant("门诊与收入统计", "THRESHOLD", BigDecimal.TEN, BigDecimal.ONE,
                "person", "income", "clinic_visit");
        workspace = workspace(mvc, threshold);
    }

    @Test
    void workspace_listsGrantedTablesWithTypesAndRoles() throws Exception {
        String body = body(mvc.perform(get("/api/v1/sandbox/workspaces/" + workspace)
                .header("Authorization", Api.bearer(mvc, "operator"))).andReturn());
        assertThat((List<String>) JsonPath.read(body, "$.tables[*].name")).contains("person", "income", "clinic_visit");
        assertThat((List<String>) JsonPath.read(body, "$.tables[?(@.name == 'person')].columns[?(@.name == 'id_no')].role"))
                .containsExactly("DIRECT_IDENTIFIER");
        assertThat((List<String>) JsonPath.read(body, "$.tables[?(@.name == 'income')].columns[?(@.name == 'amount')].type"))
                .containsExactly("DOUBLE");
        assertThat((String) JsonPath.read(body, "$.mode")).isEqualTo("THRESHOLD");
        assertThat((List<String>) JsonPath.read(body, "$.members")).containsExactly("operator");
    }

    @Test
    void yearColumn_isQueryableDespiteBeingAReservedWord() throws Exception {
        MvcResult result = query(mvc, workspace, "SELECT year, COUNT(*) AS n FROM income GROUP BY year ORDER BY year");
        String body = body(result);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(200);
        assertThat((List<Integer>) JsonPath.read(body, "$.rows[*][0]")).containsExactly(2022, 2023, 2024);
        assertThat((List<Integer>) JsonPath.read(body, "$.rows[*][1]")).containsOnly(DemoData.PEOPLE);
        assertThat((String) JsonPath.read(body, "$.columns[0].name")).isEqualTo("year");
    }

    @Test
    void thresholdQuery_suppressesSmallAndDominatedCells_andSaysSo() throws Exception {
        String body = body(query(mvc, workspace, "SELECT p.district, COUNT(*) AS n, SUM(i.amount) AS total "
                + "FROM person p JOIN income i ON i.id_no = p.id_no WHERE i.year = 2024 GROUP BY p.district"));
        List<String> districts = JsonPath.read(body, "$.rows[*][0]");
        assertThat(districts).doesNotContain(DemoData.TINY_DISTRICT).contains("历下区");
        List<Object> whaleTotals = JsonPath.read(body, "$.rows[?(@[0] == '" + DemoData.WHALE_DISTRICT + "')][2]");
        assertThat(whaleTotals).allMatch(v -> v == null);
        assertThat((Integer) JsonPath.read(body, "$.privacy.suppressedGroups")).isPositive();
        assertThat((String) JsonPath.read(body, "$.privacy.mode")).isEqualTo("THRESHOLD");
    }

    @Test
    void differentialPrivacy_spendsPersistedBudget_andRepeatsTheRecordedAnswer() throws Exception {
        GrantDescriptor dp = grants.grant("收入分析", "DIFFERENTIAL_PRIVACY", new BigDecimal("9"), new BigDecimal("3"),
                "person", "income");
        UUID ws = workspace(mvc, dp);
        // epsilon 3 per question: with up to 5 income rows per person, the private selection of districts
        // (about 250 persons each) needs noisy persons counts above 1 + ceil(b ln(5 / 1e-5)), b = 5 * 4 / 3
        String sql = "SELECT p.district, COUNT(*) AS n, AVG(i.amount) AS mean FROM person p "
                + "JOIN income i ON i.id_no = p.id_no GROUP BY p.district";
        String first = body(query(mvc, ws, sql));
        assertThat((String) JsonPath.read(first, "$.privacy.mode")).isEqualTo("DIFFERENTIAL_PRIVACY");
        assertThat(JsonPath.read(first, "$.privacy.epsilonSpent").toString()).isEqualTo("3");
        assertThat(JsonPath.read(first, "$.privacy.epsilonRemaining").toString()).isEqualTo("6");
        // differential privacy selects group keys privately: a small district may appear, with noise
        assertThat((List<Object>) JsonPath.read(first, "$.rows[*][1]")).allMatch(n -> n == null || n instanceof Integer
                || n instanceof Long);

        String again = body(query(mvc, ws, "select p.district, count(*) as n, avg(i.amount) as mean from person p "
                + "join income i on p.id_no = i.id_no group by p.district"));
        assertThat((Boolean) JsonPath.read(again, "$.privacy.recordedAnswer")).isTrue();
        assertThat(JsonPath.read(again, "$.privacy.epsilonSpent").toString()).isEqualTo("0");
        assertThat((List<Object>) JsonPath.read(again, "$.rows")).isEqualTo(JsonPath.read(first, "$.rows"));

        assertThat(jdbc.sql("select spent_epsilon from sandbox_budget where grant_id = :g")
                .param("g", dp.id().toString()).query(BigDecimal.class).single()).isEqualByComparingTo("3");
        assertThat(jdbc.sql("select count(*) from sandbox_answer where grant_id = :g").param("g", dp.id().toString())
                .query(Long.class).single()).isEqualTo(1);

        query(mvc, ws, "SELECT p.gender, COUNT(*) AS n FROM person p GROUP BY p.gender");
        query(mvc, ws, "SELECT i.year, COUNT(*) AS n FROM income i GROUP BY i.year");
        assertThat(refusal(mvc, ws, "SELECT p.district, COUNT(*) AS n FROM person p GROUP BY p.district"))
                .isEqualTo("budget_exhausted");
    }

    @Test
    void parallelRequests_neverOverspendTheBudget() throws Exception {
        GrantDescriptor dp = grants.grant("并发预算", "DIFFERENTIAL_PRIVACY", new BigDecimal("3"), BigDecimal.ONE,
                "person");
        UUID ws = workspace(mvc, dp);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            var futures = new ArrayList<Future<MvcResult>>();
            for (int i = 0; i < 10; i++) {
                String sql = "SELECT gender, COUNT(*) AS n FROM person WHERE birth_date > DATE '19" + (50 + i)
                        + "-01-01' GROUP BY gender";
                futures.add(pool.submit(() -> query(mvc, ws, sql)));
            }
            int answered = 0;
            int exhausted = 0;
            int busy = 0;
            for (Future<MvcResult> future : futures) {
                MvcResult result = future.get(60, TimeUnit.SECONDS);
                if (result.getResponse().getStatus() == 200) {
                    answered++;
                } else {
                    String code = JsonPath.read(body(result), "$.code");
                    if (code.equals("budget_exhausted")) {
                        exhausted++;
                    } else {
                        assertThat(code).isEqualTo("too_many_queries");
                        busy++;
                    }
                }
            }
            assertThat(answered).isLessThanOrEqualTo(3);
            assertThat(answered + exhausted + busy).isEqualTo(10);
            assertThat(jdbc.sql("select spent_epsilon from sandbox_budget where grant_id = :g")
                    .param("g", dp.id().toString()).query(BigDecimal.class).single())
                    .isLessThanOrEqualTo(new BigDecimal("3")).isEqualByComparingTo(new BigDecimal(answered));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyQuery_isInTheHistoryAndTheAuditLog_withoutValues() throws Exception {
        query(mvc, workspace, "SELECT gender, COUNT(*) AS n FROM person GROUP BY gender");
        refusal(mvc, workspace, "SELECT name FROM person WHERE id_no = '" + DemoData.WHALE_ID + "'");
        String body = body(mvc.perform(get("/api/v1/sandbox/workspaces/" + workspace + "/queries")
                .header("Authorization", Api.bearer(mvc, "operator"))).andReturn());
        assertThat((List<String>) JsonPath.read(body, "$[*].verdict")).contains("ACCEPTED", "REFUSED");
        assertThat((List<String>) JsonPath.read(body, "$[*].rule")).contains("identifier_in_predicate");
        assertThat((List<String>) JsonPath.read(body, "$[?(@.verdict == 'ACCEPTED')].outputSm3")).allMatch(h -> h.length() == 64);
        List<String> details = jdbc.sql("select details from audit_entry where action = 'sandbox.query' and object_id in "
                + "(select cast(id as varchar) from sandbox_query where workspace_id = :w)")
                .param("w", workspace).query(String.class).list();
        assertThat(details).hasSize(2);
        assertThat(String.join("\n", details)).contains("planHash", "outputSm3", "epsilonSpent", "identifier_in_predicate")
                .doesNotContain(DemoData.WHALE_ID);
    }

    @Test
    void nonMembers_andOtherOperators_cannotQuery() throws Exception {
        MvcResult result = query(mvc, "operator2", workspace, "SELECT gender, COUNT(*) AS n FROM person GROUP BY gender");
        assertThat(result.getResponse().getStatus()).isEqualTo(403);
        assertThat((String) JsonPath.read(body(result), "$.code")).isEqualTo("not_a_member");
        MvcResult bureau = query(mvc, "bureau", workspace, "SELECT gender, COUNT(*) AS n FROM person GROUP BY gender");
        assertThat(bureau.getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void derivedTables_stayInside_andKeepTheirLineage() throws Exception {
        String created = body(query(mvc, workspace, "CREATE TABLE mine AS SELECT id_no, name, phone, district FROM person"));
        assertThat((String) JsonPath.read(created, "$.derivedTable")).isEqualTo("mine");
        assertThat(refusal(mvc, workspace, "SELECT * FROM mine")).isEqualTo("identifier_in_output");
        assertThat(refusal(mvc, workspace, "SELECT name, COUNT(*) FROM mine GROUP BY name"))
                .isIn("identifier_as_group_key", "identifier_in_output");
        String counted = body(query(mvc, workspace, "SELECT district, COUNT(*) AS n FROM mine GROUP BY district"));
        assertThat((List<String>) JsonPath.read(counted, "$.rows[*][0]")).doesNotContain(DemoData.TINY_DISTRICT);
        String tables = body(mvc.perform(get("/api/v1/sandbox/workspaces/" + workspace + "/derived-tables")
                .header("Authorization", Api.bearer(mvc, "operator"))).andReturn());
        assertThat((List<String>) JsonPath.read(tables, "$[0].lineage.columns[?(@.name == 'phone')].role"))
                .containsExactly("DIRECT_IDENTIFIER");
    }

    @Test
    void suspension_stopsARunningQueryAtOnce_andRefusesNewOnes() throws Exception {
        io.quanyun.support.RunningQuery<MvcResult> slow = io.quanyun.support.RunningQuery.start(jdbc, workspace,
                () -> query(mvc, workspace, SLOW_QUERY));
        slow.awaitRunning(Duration.ofSeconds(20));
        long suspendedAt = System.nanoTime();
        grants.setState(threshold.id(), GrantState.SUSPENDED);
        transactions.executeWithoutResult(s -> events.publishEvent(
                new GrantSuspended(threshold.id(), threshold.operatorId(), "主管部门暂停")));
        String stopped = slow.outcome(Duration.ofSeconds(20), r -> {
            try {
                return JsonPath.read(body(r), "$.code");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Throwable::toString);
        Duration took = Duration.ofNanos(System.nanoTime() - suspendedAt);
        assertThat(stopped).isEqualTo("grant_suspended");
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(refusal(mvc, workspace, "SELECT gender, COUNT(*) AS n FROM person GROUP BY gender"))
                .isEqualTo("grant_suspended");

        grants.setState(threshold.id(), GrantState.ACTIVE);
        transactions.executeWithoutResult(s -> events.publishEvent(
                new GrantRestored(threshold.id(), threshold.operatorId())));
        awaitState(workspace, "ACTIVE");
        assertThat(query(mvc, workspace, "SELECT gender, COUNT(*) AS n FROM person GROUP BY gender")
                .getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void aRunningQuery_canBeCancelledById() throws Exception {
        CompletableFuture<MvcResult> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return query(mvc, workspace, SLOW_QUERY);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        UUID running = awaitRunning(workspace);
        String cancelled = body(mvc.perform(delete("/api/v1/sandbox/queries/" + running)
                .header("Authorization", Api.bearer(mvc, "operator"))).andReturn());
        assertThat((Boolean) JsonPath.read(cancelled, "$.cancelled")).isTrue();
        assertThat((String) JsonPath.read(body(slow.get(20, TimeUnit.SECONDS)), "$.code")).isEqualTo("query_cancelled");
    }

    @Test
    void export_needsTwoAuthorityReviewers_thenDownloadsWithIdAndSm3() throws Exception {
        String answer = body(query(mvc, workspace, "SELECT gender, COUNT(*) AS n FROM person GROUP BY gender"));
        String queryId = JsonPath.read(answer, "$.id");
        String export = body(mvc.perform(post("/api/v1/sandbox/exports").header("Authorization", Api.bearer(mvc, "operator"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"query\":\"" + queryId + "\",\"purpose\":\"向合作方提供性别分布统计\"}")).andReturn());
        String exportId = JsonPath.read(export, "$.id");
        assertThat((String) JsonPath.read(export, "$.state")).isEqualTo("REQUESTED");

        assertThat(review(exportId, "operator", "APPROVE").getResponse().getStatus()).isEqualTo(403);
        assertThat((String) JsonPath.read(body(review(exportId, "bureau", "APPROVE")), "$.state")).isEqualTo("REQUESTED");
        assertThat((String) JsonPath.read(body(review(exportId, "bureau", "APPROVE")), "$.code")).isEqualTo("already_reviewed");
        assertThat((String) JsonPath.read(body(download(exportId, "csv")), "$.code")).isEqualTo("export_not_approved");
        String approved = body(review(exportId, "district", "APPROVE"));
        assertThat((String) JsonPath.read(approved, "$.state")).isEqualTo("APPROVED");

        MvcResult csv = download(exportId, "csv");
        byte[] bytes = csv.getResponse().getContentAsByteArray();
        assertThat(csv.getResponse().getHeader("X-Quanyun-SM3")).isEqualTo(Sm3.hex(bytes))
                .isEqualTo(JsonPath.read(approved, "$.csvSm3"));
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).contains("quanyun-export-id: " + exportId)
                .contains("gender,n");
        MvcResult xlsx = download(exportId, "xlsx");
        assertThat(xlsx.getResponse().getContentAsByteArray()).startsWith((byte) 'P', (byte) 'K');
        assertThat(xlsx.getResponse().getHeader("X-Quanyun-SM3")).isEqualTo(JsonPath.read(approved, "$.xlsxSm3"));
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'sandbox.export.download' and outcome = 'SUCCESS' and object_id = :id")
                .param("id", exportId).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void export_rejectedByOneReviewer_isNeverDownloadable() throws Exception {
        String answer = body(query(mvc, workspace, "SELECT district, COUNT(*) AS n FROM person GROUP BY district"));
        String queryId = JsonPath.read(answer, "$.id");
        String exportId = JsonPath.read(body(mvc.perform(post("/api/v1/sandbox/exports")
                .header("Authorization", Api.bearer(mvc, "operator")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"query\":\"" + queryId + "\",\"purpose\":\"区县人口\"}")).andReturn()), "$.id");
        assertThat((String) JsonPath.read(body(review(exportId, "district", "REJECT")), "$.state")).isEqualTo("REJECTED");
        assertThat((String) JsonPath.read(body(download(exportId, "csv")), "$.code")).isEqualTo("export_not_approved");
    }

    static final String SLOW_QUERY = "SELECT c1.hospital, COUNT(*) AS n FROM clinic_visit c1 "
            + "JOIN clinic_visit c2 ON c1.id_no = c2.id_no JOIN clinic_visit c3 ON c2.id_no = c3.id_no GROUP BY c1.hospital";

    MvcResult review(String exportId, String user, String decision) throws Exception {
        return mvc.perform(post("/api/v1/sandbox/exports/" + exportId + "/reviews")
                .header("Authorization", Api.bearer(mvc, user)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"decision\":\"" + decision + "\",\"reason\":" + quote("聚合结果，已核对") + "}")).andReturn();
    }

    MvcResult download(String exportId, String format) throws Exception {
        return mvc.perform(get("/api/v1/sandbox/exports/" + exportId + "/download?format=" + format)
                .header("Authorization", Api.bearer(mvc, "operator"))).andReturn();
    }

    UUID awaitRunning(UUID ws) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> running = jdbc.sql("select cast(id as varchar) from sandbox_query where workspace_id = :w "
                    + "and verdict = 'RUNNING'").param("w", ws).query(String.class).list();
            if (!running.isEmpty()) {
                Thread.sleep(700);
                return UUID.fromString(running.get(0));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the slow query did not start");
    }

    void awaitState(UUID ws, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (state.equals(jdbc.sql("select state from sandbox_workspace where id = :w").param("w", ws)
                    .query(String.class).single())) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("workspace did not reach " + state);
    }
}
