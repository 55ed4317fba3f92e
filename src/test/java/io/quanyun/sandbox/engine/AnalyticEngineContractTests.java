package io.quanyun.sandbox.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanyun.sandbox.DemoData;
import io.quanyun.sandbox.QueryFailed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link AnalyticEngine} passes: correct results over registered Parquet tables,
 * views, typed values, timeout, cancellation, isolation from unregistered files and generic
 * failures without engine text. Subclasses provide the engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AnalyticEngineContractTests {

    protected Map<String, Path> tables;
    protected Path unregisteredFile;

    /** The engine under test. */
    protected abstract AnalyticEngine engine();

    @BeforeAll
    void writeDemoData(@TempDir Path directory) throws Exception {
        Path registered = Files.createDirectories(directory.resolve("registered"));
        tables = DemoData.write(registered);
        Path other = Files.createDirectories(directory.resolve("other"));
        unregisteredFile = DemoData.write(other).get("person");
    }

    EngineResult run(String sql) {
        return engine().run(EngineQuery.of(sql, tables, Duration.ofSeconds(20)), new QueryCancellation());
    }

    @Test
    void groupBy_overRegisteredTables_returnsCorrectCounts() {
        EngineResult result = run("SELECT district, COUNT(*) AS n FROM person GROUP BY district ORDER BY district");

        assertThat(result.columnNames()).containsExactly("district", "n");
        assertThat(result.rows()).hasSize(10);
        assertThat(result.rows().stream().mapToLong(row -> ((Number) row.get(1)).longValue()).sum())
                .isEqualTo(DemoData.PEOPLE);
        assertThat(result.rows()).contains(List.of(DemoData.TINY_DISTRICT, 3L));
    }

    @Test
    void join_overTwoTables_works() {
        EngineResult result = run("SELECT COUNT(*) FROM person p JOIN income i ON i.id_no = p.id_no");
        assertThat(result.rows()).containsExactly(List.of(6000L));
    }

    @Test
    void values_areNormalizedJavaTypes() {
        EngineResult result = run("SELECT birth_date, CAST(1.5 AS DOUBLE), CAST(NULL AS BIGINT) FROM person "
                + "WHERE id_no = '370100000000000000'");
        assertThat(result.rows().get(0).get(0)).isEqualTo(LocalDate.of(1950, 1, 1));
        assertThat(result.rows().get(0).get(1)).isEqualTo(1.5);
        assertThat(result.rows().get(0).get(2)).isNull();
    }

    @Test
    void views_areQueryable() {
        var query = new EngineQuery("SELECT COUNT(*) FROM women", tables,
                List.of(new EngineQuery.View("women", "SELECT id_no FROM person WHERE gender = '女'")),
                Duration.ofSeconds(20));
        assertThat(engine().run(query, new QueryCancellation()).rows()).containsExactly(List.of(1000L));
    }

    @Test
    void engineError_isGenericWithoutEngineText() {
        assertThatThrownBy(() -> run("SELECT secret_column_name FROM person"))
                .isInstanceOfSatisfying(QueryFailed.class, e -> {
                    assertThat(e.reason()).isEqualTo(QueryFailed.Reason.ENGINE_ERROR);
                    assertThat(e.getMessage()).doesNotContain("secret_column_name").doesNotContain("Binder");
                    assertThat(e.getCause()).isNull();
                });
    }

    @Test
    void unregisteredFile_isNotReadable() {
        assertThatThrownBy(() -> run("SELECT COUNT(*) FROM read_parquet('" + unregisteredFile + "')"))
                .isInstanceOfSatisfying(QueryFailed.class,
                        e -> assertThat(e.reason()).isEqualTo(QueryFailed.Reason.ENGINE_ERROR));
    }

    @Test
    void stackedStatements_areRefused() {
        assertThatThrownBy(() -> run("SELECT 1; CREATE TEMP TABLE t AS SELECT name FROM person"))
                .isInstanceOf(QueryFailed.class);
    }

    @Test
    void timeout_stopsARunawayQuery() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> engine().run(EngineQuery.of(
                "SELECT SUM(a.range * b.range) FROM range(1000000) a, range(1000000) b", tables, Duration.ofSeconds(1)),
                new QueryCancellation()))
                .isInstanceOfSatisfying(QueryFailed.class,
                        e -> assertThat(e.reason()).isEqualTo(QueryFailed.Reason.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void cancel_stopsARunningQuery() throws Exception {
        var cancellation = new QueryCancellation();
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                engine().run(EngineQuery.of("SELECT SUM(a.range * b.range) FROM range(1000000) a, range(1000000) b",
                        tables, Duration.ofSeconds(60)), cancellation);
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        Thread.sleep(500);
        cancellation.cancel();
        Throwable failure = outcome.get(10, TimeUnit.SECONDS);
        assertThat(failure).isInstanceOfSatisfying(QueryFailed.class,
                e -> assertThat(e.reason()).isEqualTo(QueryFailed.Reason.CANCELLED));
    }

    @Test
    void cancelledBeforeStart_fails() {
        var cancellation = new QueryCancellation();
        cancellation.cancel();
        assertThatThrownBy(() -> engine().run(EngineQuery.of("SELECT 1", tables, Duration.ofSeconds(5)), cancellation))
                .isInstanceOfSatisfying(QueryFailed.class,
                        e -> assertThat(e.reason()).isEqualTo(QueryFailed.Reason.CANCELLED));
    }
}
