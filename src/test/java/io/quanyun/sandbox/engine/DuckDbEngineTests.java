package io.quanyun.sandbox.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanyun.sandbox.QueryFailed;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DuckDB passes the engine contract, and its lockdown holds even for SQL that bypasses the checker
 * and the engine's own single-SELECT guard (executed directly on the locked-down connection).
 */
class DuckDbEngineTests extends AnalyticEngineContractTests {

    private final DuckDbEngine engine = new DuckDbEngine(DuckDbSettings.defaults());

    @Override
    protected AnalyticEngine engine() {
        return engine;
    }

    /** A connection as a query outside any workspace gets it: a fresh database of its own. */
    Connection lockedDown() throws SQLException {
        DuckDbEngine.Session session = engine.open(new EngineQuery("SELECT 1", tables, List.of(), Duration.ofSeconds(5)));
        return session.connection();
    }

    /**
     * Statements that would leave the lock-down (read outside the registered files, change a setting, load an
     * extension, attach or write a file), refused on every database the engine opens, fresh or kept for a workspace.
     */
    static java.util.stream.Stream<String> lockDownEscapes() {
        return java.util.stream.Stream.of(
                "SELECT * FROM read_csv('/etc/passwd')",
                "SELECT * FROM read_text('/etc/passwd')",
                "SELECT * FROM glob('/etc/*')",
                "SET enable_external_access = true",
                "SET allowed_paths = ['/etc/passwd']",
                "SET lock_configuration = false",
                "RESET lock_configuration",
                "SET memory_limit = '64GB'",
                "SET threads = 64",
                "SET temp_directory = '/tmp'",
                "SET autoload_known_extensions = true",
                "SET allow_community_extensions = true",
                "SET enable_external_file_cache = true",
                "INSTALL httpfs",
                "LOAD httpfs",
                "ATTACH '/tmp/quanyun-attack.duckdb' AS x",
                "COPY (SELECT * FROM person) TO '/tmp/quanyun-attack.csv'",
                "EXPORT DATABASE '/tmp/quanyun-attack'");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("lockDownEscapes")
    void lockedDownConnection_refusesEscapes(String sql) throws SQLException {
        try (Connection connection = lockedDown(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute(sql)).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void lockedDownConnection_refusesWritingFiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path directory)
            throws SQLException {
        var out = directory.resolve("out.csv");
        var database = directory.resolve("x.duckdb");
        try (Connection connection = lockedDown(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("COPY (SELECT * FROM person) TO '" + out + "'"))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> statement.execute("ATTACH '" + database + "' AS x"))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> statement.execute("EXPORT DATABASE '" + directory + "'"))
                    .isInstanceOf(SQLException.class);
        }
        assertThat(Files.exists(out)).isFalse();
        assertThat(Files.exists(database)).isFalse();
    }

    @Test
    void lockedDownConnection_stillReadsItsRegisteredTables() throws SQLException {
        try (Connection connection = lockedDown(); Statement statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT COUNT(*) FROM person")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(2000L);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "COPY (SELECT * FROM person) TO 'out.csv'",
        "ATTACH 'x.duckdb' AS x",
        "INSTALL httpfs",
        "SET enable_external_access = true",
        "PRAGMA enable_profiling",
        "EXPLAIN ANALYZE SELECT COUNT(*) FROM person",
        "SELECT 1; CREATE TEMP TABLE t AS SELECT name FROM person",
        "SELECT 1 -- comment hiding nothing",
        "CREATE MACRO m() AS 1",
    })
    void engine_refusesAnythingButOneSelect(String sql) {
        assertThatThrownBy(() -> engine.run(EngineQuery.of(sql, tables, Duration.ofSeconds(5)), new QueryCancellation()))
                .isInstanceOfSatisfying(QueryFailed.class,
                        e -> assertThat(e.reason()).isEqualTo(QueryFailed.Reason.ENGINE_ERROR));
    }

    @Test
    void eachQuery_getsAFreshDatabase() {
        // a query cannot leave state behind for the next one: there is no way to create it, and
        // even a view registered for one query is absent in the next
        var withView = new EngineQuery("SELECT COUNT(*) FROM v", tables,
                List.of(new EngineQuery.View("v", "SELECT 1 AS x")), Duration.ofSeconds(5));
        assertThat(engine.run(withView, new QueryCancellation()).rows()).containsExactly(List.of(1L));
        assertThatThrownBy(() -> engine.run(EngineQuery.of("SELECT COUNT(*) FROM v", tables, Duration.ofSeconds(5)),
                new QueryCancellation())).isInstanceOf(QueryFailed.class);
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void rowFilter_keepsOnlyAllowedRows_forTheQueryItsViewsAndItsJoins() throws Exception {
        var allowed = new java.util.HashSet<String>();
        for (int i = 15; i < 25; i++) {
            allowed.add(sha256("3701" + String.format("%014d", i)));
        }
        var filters = java.util.Map.of("person", new RowFilter("id_no", column -> "sha256(" + column + ")", allowed));
        var view = List.of(new EngineQuery.View("women", "SELECT id_no FROM person WHERE gender = '女'"));
        EngineResult persons = engine.run(new EngineQuery("SELECT COUNT(*) FROM person", tables, view,
                Duration.ofSeconds(20), filters), new QueryCancellation());
        assertThat(persons.rows()).containsExactly(List.of(10L));
        EngineResult women = engine.run(new EngineQuery("SELECT COUNT(*) FROM women", tables, view,
                Duration.ofSeconds(20), filters), new QueryCancellation());
        assertThat(women.rows()).containsExactly(List.of(5L));
        // income is not filtered itself, but joining it with the filtered person keeps only their rows
        EngineResult joined = engine.run(new EngineQuery("SELECT COUNT(*) FROM person p JOIN income i "
                + "ON i.id_no = p.id_no", tables, view, Duration.ofSeconds(20), filters), new QueryCancellation());
        assertThat(joined.rows()).containsExactly(List.of(30L));
        var none = java.util.Map.of("person", new RowFilter("id_no", column -> "sha256(" + column + ")",
                java.util.Set.of()));
        assertThat(engine.run(new EngineQuery("SELECT COUNT(*) FROM person", tables, view, Duration.ofSeconds(20),
                none), new QueryCancellation()).rows()).containsExactly(List.of(0L));
    }

    /**
     * A cancellation that arrives while the engine is still opening the connection or preparing the statement (before
     * DuckDB began executing, when an interrupt alone would be forgotten) still stops the query: each run is cancelled
     * right after it is started, at whatever point it has reached, and must end cancelled long before its timeout.
     */
    @Test
    void aCancellationArrivingAtAnyPoint_stopsTheQuery() throws Exception {
        String endless = "SELECT COUNT(*) FROM person a, person b, person c, person d, person e, person f";
        for (int attempt = 0; attempt < 5; attempt++) {
            QueryCancellation cancellation = new QueryCancellation();
            var run = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> engine.run(EngineQuery.of(endless, tables, Duration.ofSeconds(120)), cancellation));
            if (attempt > 0) {
                Thread.sleep(attempt * 20L); // vary the point the run has reached; the outcome must not depend on it
            }
            long cancelledAt = System.nanoTime();
            cancellation.cancel();
            assertThatThrownBy(() -> run.get(15, java.util.concurrent.TimeUnit.SECONDS))
                    .hasCauseInstanceOf(QueryFailed.class)
                    .satisfies(e -> assertThat(((QueryFailed) e.getCause()).reason())
                            .isEqualTo(QueryFailed.Reason.CANCELLED));
            assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void oneRowPerValue_isMeasuredOnTheFile() {
        assertThat(DuckDbEngine.oneRowPerValue(tables.get("person"), "id_no")).isTrue();
        assertThat(DuckDbEngine.oneRowPerValue(tables.get("income"), "id_no")).isFalse();
        assertThat(DuckDbEngine.oneRowPerValue(tables.get("person"), "gender")).isFalse();
    }

    @Test
    void spilling_goesBesideTheInputFiles_neverToTheWorkingDirectory_andIsRemoved() throws Exception {
        // an in-memory DuckDB database spills to .tmp in the working directory unless told otherwise; with a small
        // memory limit this grouping of two million distinct strings must spill to finish
        var small = new DuckDbEngine(new DuckDbSettings("32MB", 1));
        java.nio.file.Path workingTmp = java.nio.file.Path.of(".tmp").toAbsolutePath();
        List<java.nio.file.Path> before = listing(workingTmp);
        java.nio.file.Path inputs = tables.values().iterator().next().toAbsolutePath().getParent();
        EngineResult result = small.run(EngineQuery.of("SELECT COUNT(*) AS groups FROM (SELECT h, COUNT(*) AS n FROM "
                + "(SELECT md5(CAST(i AS VARCHAR)) AS h FROM range(2000000) t(i)) GROUP BY h) g", tables,
                Duration.ofSeconds(60)), new QueryCancellation());
        assertThat(result.rows()).containsExactly(List.of(2_000_000L));
        // the same query with nowhere to spill (no input file) runs out of memory: the query above did spill
        assertThatThrownBy(() -> small.run(EngineQuery.of("SELECT COUNT(*) AS groups FROM (SELECT h, COUNT(*) AS n "
                + "FROM (SELECT md5(CAST(i AS VARCHAR)) AS h FROM range(2000000) t(i)) GROUP BY h) g", java.util.Map.of(),
                Duration.ofSeconds(60)), new QueryCancellation())).isInstanceOf(QueryFailed.class);
        assertThat(listing(workingTmp)).as("nothing spilled to the working directory").isEqualTo(before);
        // DuckDB removes its own files as the database closes, beside the engine's removal of the directory
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            try (var left = Files.list(inputs)) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith(".spill-"));
            }
        });
        assertThat(DuckDbEngine.spillDirectory(tables.values()).getParent()).isEqualTo(inputs);
        assertThat(DuckDbEngine.spillDirectory(List.of())).isNull();
    }

    private static List<java.nio.file.Path> listing(java.nio.file.Path directory) throws java.io.IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (var files = Files.walk(directory)) {
            return files.sorted().toList();
        }
    }
}
