package io.quanyun.sandbox.engine;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The engine's fixed cost per query, apart from the query's own work:
 * {@code java -cp ... io.quanyun.sandbox.engine.EngineFixedCost <dir with person.parquet, income.parquet> [n]}.
 * Wall time (DuckDB works in native threads), medians over n repetitions of: a bare in-memory connection; the
 * platform's locked-down connection with its two views ({@link DuckDbEngine#open}, without a workspace: a fresh
 * database per query); each followed by a trivial query and by the 12-group count; the platform's whole {@code run}
 * of the count; and the same in a workspace, whose database stays open between queries (a new connection with TEMP
 * views per query).
 */
public final class EngineFixedCost {

    private EngineFixedCost() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        var tables = Map.of("person", dir.resolve("person.parquet"), "income", dir.resolve("income.parquet"));
        var engine = new DuckDbEngine(new DuckDbSettings("2GB", 2));
        String count = System.getProperty("sql", "SELECT district, COUNT(*) AS n FROM person GROUP BY district");
        double[] bare = new double[n];
        double[] bareViews = new double[n];
        double[] locked = new double[n];
        double[] bareCount = new double[n];
        double[] lockedCount = new double[n];
        double[] run = new double[n];
        double[] duplicate = new double[n];
        double[] workspaceSelect = new double[n];
        double[] workspaceRun = new double[n];
        // what a per-workspace database would cost per query: one database opened (and locked down) once, a new
        // connection to it per query with connection-local (TEMP) views
        Connection shared = DriverManager.getConnection("jdbc:duckdb:");
        for (int round = -20; round < n; round++) {
            int i = Math.max(round, 0);
            long t = System.nanoTime();
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT 1")) {
                r.next();
            }
            bare[i] = ms(t);
            t = System.nanoTime();
            try (Connection c = rawWithViews(tables); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT 1")) {
                r.next();
            }
            bareViews[i] = ms(t);
            t = System.nanoTime();
            EngineQuery query = new EngineQuery(count, tables, List.of(), Duration.ofSeconds(60));
            try (DuckDbEngine.Session c = engine.open(query); Statement s = c.connection().createStatement();
                    ResultSet r = s.executeQuery("SELECT 1")) {
                r.next();
            }
            locked[i] = ms(t);
            t = System.nanoTime();
            try (Connection c = rawWithViews(tables); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(count)) {
                while (r.next()) {
                    r.getLong(2);
                }
            }
            bareCount[i] = ms(t);
            t = System.nanoTime();
            try (DuckDbEngine.Session c = engine.open(query); Statement s = c.connection().createStatement();
                    ResultSet r = s.executeQuery(count)) {
                while (r.next()) {
                    r.getLong(2);
                }
            }
            lockedCount[i] = ms(t);
            t = System.nanoTime();
            engine.run(query, new QueryCancellation());
            run[i] = ms(t);
            t = System.nanoTime();
            try (Connection c = ((org.duckdb.DuckDBConnection) shared).duplicate(); Statement s = c.createStatement()) {
                for (var e : tables.entrySet()) {
                    s.execute("CREATE TEMP VIEW " + e.getKey() + " AS SELECT * FROM read_parquet('" + e.getValue()
                            + "')");
                }
                try (ResultSet r = s.executeQuery("SELECT 1")) {
                    r.next();
                }
            }
            duplicate[i] = ms(t);
            EngineQuery inWorkspace = query.inWorkspace("fixed-cost");
            t = System.nanoTime();
            try (DuckDbEngine.Session c = engine.open(inWorkspace); Statement s = c.connection().createStatement();
                    ResultSet r = s.executeQuery("SELECT 1")) {
                r.next();
            }
            workspaceSelect[i] = ms(t);
            t = System.nanoTime();
            engine.run(inWorkspace, new QueryCancellation());
            workspaceRun[i] = ms(t);
        }
        engine.close();
        shared.close();
        System.out.printf(Locale.ROOT, "medians over %d (load %.2f): bare connection + SELECT 1 %.2f ms; "
                + "bare + 2 views + SELECT 1 %.2f ms; locked down + 2 views + SELECT 1 %.2f ms; "
                + "bare + views + count %.2f ms; locked down + views + count %.2f ms; engine.run(count) %.2f ms; "
                + "new connection to an open database + 2 temp views + SELECT 1 %.2f ms; "
                + "workspace database (kept open): session + SELECT 1 %.2f ms, engine.run(count) %.2f ms%n",
                n, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                median(bare), median(bareViews), median(locked), median(bareCount), median(lockedCount), median(run), median(duplicate),
                median(workspaceSelect), median(workspaceRun));
    }

    private static Connection rawWithViews(Map<String, Path> tables) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = c.createStatement()) {
            s.execute("SET memory_limit = '2GB'");
            s.execute("SET threads = 2");
            for (var e : tables.entrySet()) {
                s.execute("CREATE VIEW " + e.getKey() + " AS SELECT * FROM read_parquet('" + e.getValue() + "')");
            }
        }
        return c;
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
