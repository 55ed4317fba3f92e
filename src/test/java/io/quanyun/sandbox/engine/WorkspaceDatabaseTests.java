package io.quanyun.sandbox.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanyun.sandbox.DemoData;
import io.quanyun.sandbox.QueryFailed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The DuckDB database kept per workspace (ADR 2026-11-29 per-workspace DuckDB database): the lock-down holds on a
 * database that earlier queries used, nothing one query defines is seen by the next, workspaces never share, a new
 * file set gets a new database and the old one closes when its running query ends, and databases close on release,
 * idle timeout, beyond the bound, and at shutdown, their directory (spill files included) deleted. Real DuckDB.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkspaceDatabaseTests {

    private static final String ENDLESS = "SELECT COUNT(*) FROM person a, person b, person c, person d, person e, person f";

    private Map<String, Path> tables;
    private Map<String, Path> otherTables;
    private final DuckDbEngine engine = new DuckDbEngine(DuckDbSettings.defaults());

    @BeforeAll
    void writeDemoData(@TempDir Path directory) throws Exception {
        tables = DemoData.write(Files.createDirectories(directory.resolve("v1")));
        otherTables = DemoData.write(Files.createDirectories(directory.resolve("v2")));
    }

    @AfterAll
    void closeEngine() {
        engine.close();
    }

    private EngineQuery query(String workspace, String sql) {
        return EngineQuery.of(sql, tables, Duration.ofSeconds(30)).inWorkspace(workspace);
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private WorkspaceDatabases.Database database(DuckDbEngine engine, String workspace) {
        return engine.workspaceDatabases().stream().filter(d -> d.key().workspace().equals(workspace)).findFirst()
                .orElseThrow();
    }

    /**
     * The attacks of {@code DuckDbEngineTests} (which bypass the checker and the single-SELECT guard), plus what a
     * shared database adds (creating something the next query would see, attaching a writable in-memory database),
     * on a connection to a workspace database that an earlier query already used.
     */
    static java.util.stream.Stream<String> workspaceEscapes() {
        return java.util.stream.Stream.concat(DuckDbEngineTests.lockDownEscapes(), java.util.stream.Stream.of(
                "ATTACH ':memory:' AS scratch",
                "CREATE TABLE leak AS SELECT * FROM person",
                "CREATE TABLE main.leak AS SELECT 1",
                "CREATE VIEW leak AS SELECT * FROM person",
                "CREATE MACRO leak() AS 1",
                "CREATE SEQUENCE leak",
                "CREATE SCHEMA leak"));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("workspaceEscapes")
    void reusedWorkspaceDatabase_refusesEscapes(String sql) throws SQLException {
        engine.run(query("attacked", "SELECT COUNT(*) FROM person"), new QueryCancellation());
        Path directory = database(engine, "attacked").directory();
        try (DuckDbEngine.Session session = engine.open(query("attacked", "SELECT 1"));
                Statement statement = session.connection().createStatement()) {
            assertThat(database(engine, "attacked").directory()).as("the same database as before").isEqualTo(directory);
            assertThatThrownBy(() -> statement.execute(sql)).isInstanceOf(SQLException.class);
            assertThat(count(session.connection(), "SELECT COUNT(*) FROM person")).isEqualTo(DemoData.PEOPLE);
        }
        assertThat(Path.of("/tmp/quanyun-attack.csv")).doesNotExist();
        assertThat(Path.of("/tmp/quanyun-attack.duckdb")).doesNotExist();
        assertThat(Path.of("/tmp/quanyun-attack")).doesNotExist();
    }

    @Test
    void reusedWorkspaceDatabase_keepsItsLockDownSettings() throws SQLException {
        engine.run(query("settings", "SELECT 1"), new QueryCancellation());
        try (DuckDbEngine.Session session = engine.open(query("settings", "SELECT 1"));
                Statement statement = session.connection().createStatement();
                ResultSet rows = statement.executeQuery("SELECT current_setting('enable_external_access'), "
                        + "current_setting('lock_configuration'), current_setting('autoload_known_extensions'), "
                        + "current_setting('autoinstall_known_extensions'), current_setting('allow_community_extensions'), "
                        + "current_setting('threads'), current_setting('allowed_paths'), "
                        + "current_setting('enable_external_file_cache'), "
                        + "(SELECT COUNT(*) FROM duckdb_external_file_cache())")) {
            rows.next();
            assertThat(rows.getBoolean(1)).isFalse();
            assertThat(rows.getBoolean(2)).isTrue();
            assertThat(rows.getBoolean(3)).isFalse();
            assertThat(rows.getBoolean(4)).isFalse();
            assertThat(rows.getBoolean(5)).isFalse();
            assertThat(rows.getLong(6)).isEqualTo(1L);
            assertThat(rows.getString(7)).contains(tables.get("person").toString())
                    .contains(tables.get("income").toString()).doesNotContain(otherTables.get("person").toString());
            // no copy of the granted files' blocks is kept between the workspace's queries
            assertThat(rows.getBoolean(8)).isFalse();
            assertThat(rows.getLong(9)).isZero();
        }
        // the registered files of another version are not readable on this workspace's database
        assertThatThrownBy(() -> engine.run(query("settings", "SELECT COUNT(*) FROM read_parquet('"
                + otherTables.get("person") + "')"), new QueryCancellation())).isInstanceOf(QueryFailed.class);
    }

    @Test
    void nothingOneQueryDefines_isSeenByTheNextOfTheSameWorkspace() throws SQLException {
        var withView = new EngineQuery("SELECT COUNT(*) FROM women", tables,
                List.of(new EngineQuery.View("women", "SELECT id_no FROM person WHERE gender = '女'")),
                Duration.ofSeconds(20)).inWorkspace("state");
        assertThat(engine.run(withView, new QueryCancellation()).rows()).containsExactly(List.of(1000L));
        // a derived table dropped (no longer in the query's views) is gone on the same database
        assertThatThrownBy(() -> engine.run(query("state", "SELECT COUNT(*) FROM women"), new QueryCancellation()))
                .isInstanceOf(QueryFailed.class);
        assertThat(engine.workspaceDatabases().stream().filter(d -> d.key().workspace().equals("state"))).hasSize(1);
        // even what SQL bypassing the guard creates on one connection (TEMP objects) the next connection does not see
        try (DuckDbEngine.Session first = engine.open(query("state", "SELECT 1"));
                DuckDbEngine.Session second = engine.open(query("state", "SELECT 1"))) {
            try (Statement statement = first.connection().createStatement()) {
                statement.execute("CREATE TEMP TABLE carried AS SELECT * FROM person");
                statement.execute("CREATE TEMP VIEW carried_view AS SELECT 1 AS x");
                statement.execute("CREATE TEMP MACRO carried_macro() AS 42");
            }
            assertThat(count(first.connection(), "SELECT COUNT(*) FROM carried")).isEqualTo(DemoData.PEOPLE);
            for (String probe : List.of("SELECT COUNT(*) FROM carried", "SELECT COUNT(*) FROM carried_view",
                    "SELECT carried_macro()")) {
                assertThatThrownBy(() -> count(second.connection(), probe)).isInstanceOf(SQLException.class);
            }
        }
        try (DuckDbEngine.Session later = engine.open(query("state", "SELECT 1"))) {
            assertThatThrownBy(() -> count(later.connection(), "SELECT COUNT(*) FROM carried"))
                    .isInstanceOf(SQLException.class);
            // and the shared database itself holds nothing: no table, view, macro or sequence outside TEMP
            assertThat(count(later.connection(), "SELECT COUNT(*) FROM duckdb_tables() WHERE NOT temporary"))
                    .isZero();
            assertThat(count(later.connection(), "SELECT COUNT(*) FROM duckdb_views() WHERE NOT internal "
                    + "AND NOT temporary")).isZero();
            assertThat(count(later.connection(), "SELECT COUNT(*) FROM duckdb_databases() WHERE NOT internal"))
                    .isEqualTo(1L);
        }
    }

    /**
     * The one change DuckDB lets a connection make to the shared read-only database (bypassing checker and guard):
     * detaching it from the database manager. The next query of the workspace does not notice: it needs only its
     * own TEMP objects and the files.
     */
    @Test
    void detachingTheSharedDatabase_doesNotAffectTheNextQuery() throws SQLException {
        engine.run(query("detached", "SELECT 1"), new QueryCancellation());
        try (DuckDbEngine.Session session = engine.open(query("detached", "SELECT 1"));
                Statement statement = session.connection().createStatement()) {
            statement.execute("SET search_path = 'temp'");
            statement.execute("DETACH workspace");
        }
        assertThat(engine.run(query("detached", "SELECT COUNT(*) FROM person p JOIN income i ON i.id_no = p.id_no"),
                new QueryCancellation()).rows()).containsExactly(List.of(6000L));
        assertThat(engine.workspaceDatabases().stream().filter(d -> d.key().workspace().equals("detached"))).hasSize(1);
    }

    @Test
    void rowFilters_areTheQuerysOwn_onASharedDatabase() throws Exception {
        var allowed = new HashSet<String>();
        for (int i = 15; i < 25; i++) {
            allowed.add(sha256("3701" + String.format("%014d", i)));
        }
        var ten = Map.of("person", new RowFilter("id_no", column -> "sha256(" + column + ")", allowed));
        var none = Map.of("person", new RowFilter("id_no", column -> "sha256(" + column + ")", Set.of()));
        EngineQuery count = EngineQuery.of("SELECT COUNT(*) FROM person", tables, Duration.ofSeconds(20));
        assertThat(engine.run(new EngineQuery(count.sql(), tables, List.of(), count.timeout(), ten)
                .inWorkspace("filtered"), new QueryCancellation()).rows()).containsExactly(List.of(10L));
        assertThat(engine.run(new EngineQuery(count.sql(), tables, List.of(), count.timeout(), none)
                .inWorkspace("filtered"), new QueryCancellation()).rows()).containsExactly(List.of(0L));
        assertThat(engine.run(count.inWorkspace("filtered"), new QueryCancellation()).rows())
                .containsExactly(List.of((long) DemoData.PEOPLE));
        assertThat(engine.workspaceDatabases().stream().filter(d -> d.key().workspace().equals("filtered")))
                .hasSize(1);
    }

    @Test
    void workspaces_neverShareADatabase() {
        engine.run(query("shared-a", "SELECT COUNT(*) FROM person"), new QueryCancellation());
        engine.run(query("shared-b", "SELECT COUNT(*) FROM person"), new QueryCancellation());
        WorkspaceDatabases.Database a = database(engine, "shared-a");
        WorkspaceDatabases.Database b = database(engine, "shared-b");
        assertThat(a).isNotSameAs(b);
        assertThat(a.directory()).isNotEqualTo(b.directory());
        engine.run(query("shared-a", "SELECT COUNT(*) FROM income"), new QueryCancellation());
        assertThat(database(engine, "shared-a")).as("the same workspace and files reuse it").isSameAs(a);
    }

    /**
     * A new version (another file set) gets a new database; the old one is retired at once but closed only when the
     * query still running on it has ended, which it does normally, not by the database closing under it.
     */
    @Test
    void anotherFileSet_getsANewDatabase_andTheOldClosesWhenItsRunningQueryEnds() throws Exception {
        var running = new QueryCancellation();
        var longQuery = CompletableFuture.supplyAsync(() -> {
            try {
                engine.run(EngineQuery.of(ENDLESS, tables, Duration.ofSeconds(120)).inWorkspace("versions"), running);
                return null;
            } catch (QueryFailed failed) {
                return failed.reason();
            }
        });
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> engine.workspaceDatabases().stream().anyMatch(d -> d.key().workspace().equals("versions")
                        && d.directory() != null && d.busy()));
        WorkspaceDatabases.Database old = database(engine, "versions");
        Path oldDirectory = old.directory();
        Thread.sleep(200);
        EngineResult fresh = engine.run(EngineQuery.of("SELECT COUNT(*) FROM person", otherTables,
                Duration.ofSeconds(20)).inWorkspace("versions"), new QueryCancellation());
        assertThat(fresh.rows()).containsExactly(List.of((long) DemoData.PEOPLE));
        WorkspaceDatabases.Database current = database(engine, "versions");
        assertThat(current).isNotSameAs(old);
        assertThat(current.key().files()).containsExactlyInAnyOrderElementsOf(
                otherTables.values().stream().map(Path::toAbsolutePath).toList());
        // the old database is not closed under its running query
        assertThat(old.isClosed()).isFalse();
        assertThat(oldDirectory).exists();
        assertThat(longQuery).isNotDone();
        running.cancel();
        assertThat(longQuery.get(15, TimeUnit.SECONDS)).isEqualTo(QueryFailed.Reason.CANCELLED);
        assertThat(old.isClosed()).isTrue();
        assertThat(oldDirectory).doesNotExist();
        assertThat(current.isClosed()).isFalse();
    }

    /** Release (grant suspended or ended): running queries are cancelled by the caller and the database closes. */
    @Test
    void release_closesTheDatabase_afterItsCancelledQueriesEnd() throws Exception {
        var cancellations = List.of(new QueryCancellation(), new QueryCancellation());
        var queries = cancellations.stream().map(c -> CompletableFuture.supplyAsync(() -> {
            try {
                engine.run(EngineQuery.of(ENDLESS, tables, Duration.ofSeconds(120)).inWorkspace("suspended"), c);
                return null;
            } catch (QueryFailed failed) {
                return failed.reason();
            }
        })).toList();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> engine.workspaceDatabases().stream()
                .anyMatch(d -> d.key().workspace().equals("suspended") && d.directory() != null));
        WorkspaceDatabases.Database database = database(engine, "suspended");
        Path directory = database.directory();
        Thread.sleep(300);
        long stoppedAt = System.nanoTime();
        cancellations.forEach(QueryCancellation::cancel);
        engine.release("suspended");
        for (var query : queries) {
            assertThat(query.get(15, TimeUnit.SECONDS)).isEqualTo(QueryFailed.Reason.CANCELLED);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(15));
        assertThat(database.isClosed()).isTrue();
        assertThat(directory).doesNotExist();
        assertThat(engine.workspaceDatabases()).noneMatch(d -> d.key().workspace().equals("suspended"));
        // the workspace's next query (after a restore) opens a new database
        engine.run(query("suspended", "SELECT 1"), new QueryCancellation());
        assertThat(database(engine, "suspended")).isNotSameAs(database);
    }

    @Test
    void aCancellationArrivingAtAnyPoint_stopsTheQuery_onAWorkspaceDatabase() throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            QueryCancellation cancellation = new QueryCancellation();
            EngineQuery endless = EngineQuery.of(ENDLESS, tables, Duration.ofSeconds(120))
                    .inWorkspace("cancel-" + (attempt % 2));
            var run = CompletableFuture.supplyAsync(() -> engine.run(endless, cancellation));
            if (attempt > 0) {
                Thread.sleep(attempt * 20L);
            }
            long cancelledAt = System.nanoTime();
            cancellation.cancel();
            assertThatThrownBy(() -> run.get(15, TimeUnit.SECONDS)).hasCauseInstanceOf(QueryFailed.class)
                    .satisfies(e -> assertThat(((QueryFailed) e.getCause()).reason())
                            .isEqualTo(QueryFailed.Reason.CANCELLED));
            assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void idleDatabases_areClosed_andTheirDirectoryDeleted() {
        try (var idle = new DuckDbEngine(DuckDbSettings.defaults(), Duration.ofSeconds(2), 16)) {
            long ran = System.nanoTime();
            idle.run(query("idle", "SELECT COUNT(*) FROM person"), new QueryCancellation());
            WorkspaceDatabases.Database database = database(idle, "idle");
            assertThat(database.isClosed()).isFalse();
            Path directory = database.directory();
            assertThat(directory).exists();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(database::isClosed);
            assertThat(Duration.ofNanos(System.nanoTime() - ran)).as("not before the idle timeout")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(directory).doesNotExist();
            assertThat(idle.openDatabases()).isZero();
        }
    }

    @Test
    void beyondTheBound_theLeastRecentlyUsedDatabaseIsClosed() {
        try (var bounded = new DuckDbEngine(DuckDbSettings.defaults(), Duration.ofMinutes(10), 2)) {
            bounded.run(query("lru-1", "SELECT 1"), new QueryCancellation());
            WorkspaceDatabases.Database first = database(bounded, "lru-1");
            bounded.run(query("lru-2", "SELECT 1"), new QueryCancellation());
            bounded.run(query("lru-1", "SELECT 1"), new QueryCancellation()); // lru-2 is now the least recently used
            WorkspaceDatabases.Database second = database(bounded, "lru-2");
            Path secondDirectory = second.directory();
            bounded.run(query("lru-3", "SELECT 1"), new QueryCancellation());
            assertThat(bounded.openDatabases()).isEqualTo(2);
            assertThat(second.isClosed()).isTrue();
            assertThat(secondDirectory).doesNotExist();
            assertThat(first.isClosed()).isFalse();
            assertThat(database(bounded, "lru-1")).isSameAs(first);
        }
    }

    @Test
    void closingTheEngine_closesEveryDatabase_andRefusesLaterQueries() {
        var closing = new DuckDbEngine(DuckDbSettings.defaults());
        closing.run(query("shutdown-1", "SELECT 1"), new QueryCancellation());
        closing.run(query("shutdown-2", "SELECT 1"), new QueryCancellation());
        var open = closing.workspaceDatabases();
        var directories = open.stream().map(WorkspaceDatabases.Database::directory).toList();
        closing.close();
        assertThat(open).allMatch(WorkspaceDatabases.Database::isClosed);
        assertThat(directories).allMatch(d -> !Files.exists(d));
        assertThatThrownBy(() -> closing.run(query("shutdown-1", "SELECT 1"), new QueryCancellation()))
                .isInstanceOfSatisfying(QueryFailed.class,
                        e -> assertThat(e.reason()).isEqualTo(QueryFailed.Reason.ENGINE_ERROR));
    }

    /**
     * The memory limit and the spill directory belong to the database: a grouping that needs more than its 32 MB
     * spills into the database's directory (in the scratch space beside the files), and the directory, spill files
     * included, is gone once the database closes.
     */
    @Test
    void spillFiles_liveInTheDatabasesDirectory_andAreDeletedWhenItCloses() throws Exception {
        String grouping = "SELECT COUNT(*) AS groups FROM (SELECT h, COUNT(*) AS n FROM (SELECT md5(CAST(i AS VARCHAR)) "
                + "AS h FROM range(2000000) t(i)) GROUP BY h) g";
        Path inputs = tables.get("person").toAbsolutePath().getParent();
        try (var small = new DuckDbEngine(new DuckDbSettings("32MB", 1))) {
            assertThat(small.run(EngineQuery.of(grouping, tables, Duration.ofSeconds(60)).inWorkspace("spill"),
                    new QueryCancellation()).rows()).containsExactly(List.of(2_000_000L));
            WorkspaceDatabases.Database database = database(small, "spill");
            Path directory = database.directory();
            assertThat(directory.getParent()).isEqualTo(inputs);
            try (DuckDbEngine.Session session = small.open(query("spill", "SELECT 1"));
                    Statement statement = session.connection().createStatement();
                    ResultSet rows = statement.executeQuery("SELECT current_setting('temp_directory'), "
                            + "current_setting('memory_limit')")) {
                rows.next();
                assertThat(Path.of(rows.getString(1))).startsWith(directory);
                assertThat(rows.getString(2)).isEqualTo("30.5 MiB");
            }
            small.release("spill");
            assertThat(database.isClosed()).isTrue();
            assertThat(directory).doesNotExist();
        }
        try (var left = Files.list(inputs)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith(".spill-"));
        }
    }

    @Test
    void memoryPerWorkspace_isThePerQueryMemoryTimesTheSlots() {
        assertThat(new DuckDbSettings("512MB", 2).withMemoryTimes(2)).isEqualTo(new DuckDbSettings("1024MB", 2));
        assertThat(new DuckDbSettings("1GB", 1).withMemoryTimes(3)).isEqualTo(new DuckDbSettings("3GB", 1));
        assertThatThrownBy(() -> DuckDbSettings.defaults().withMemoryTimes(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
