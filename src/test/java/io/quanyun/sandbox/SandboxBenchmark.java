package io.quanyun.sandbox;

import io.quanyun.catalog.vault.DatasetSchema;
import io.quanyun.catalog.vault.DecryptedTable;
import io.quanyun.catalog.vault.FieldSpec;
import io.quanyun.catalog.vault.FieldType;
import io.quanyun.catalog.vault.IngestionOptions;
import io.quanyun.catalog.vault.MasterKey;
import io.quanyun.catalog.vault.ScratchSpace;
import io.quanyun.catalog.vault.SourceFormat;
import io.quanyun.catalog.vault.Vault;
import io.quanyun.sandbox.engine.DuckDbEngine;
import io.quanyun.sandbox.engine.DuckDbSettings;
import io.quanyun.sandbox.privacy.RandomSource;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./quanyun bench sandbox [--people N] [--runs R] [--cache DIR]}: generates N people (default 10
 * million) and their incomes once into a cache directory, ingests them into a vault there once, then
 * runs a fixed set of aggregate queries three ways and prints medians and ratios:
 * <ol>
 *   <li>raw DuckDB over the plaintext Parquet copy, a fresh database per query (the ratio's baseline), and,
 *       printed below it, raw DuckDB on one database kept open with its views (what a user's long session
 *       pays);</li>
 *   <li>the platform end to end through {@link SandboxQueries}: check, rewrite, charge (differential
 *       privacy, a fresh grant per run so no recorded answer is replayed), generate, run on a connection to the
 *       workspace's locked-down database (all runs in one workspace, as one analyst's questions are; the database
 *       is opened by the warm-up run), protect; reading the vault's decrypted versions with the cache warm
 *       (decrypted once before timing, as the application's table cache does);</li>
 *   <li>PostgreSQL over the same data when {@code QUANYUN_BENCH_PG_URL} is set (else skipped).</li>
 * </ol>
 * The check's own cost (parse, validate, check, rewrite) is timed separately per query.
 */
public final class SandboxBenchmark {

    static final Map<String, String> QUERIES = new LinkedHashMap<>();
    static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    static final String MEMORY = "2GB";

    static {
        QUERIES.put("count by district", "SELECT district, COUNT(*) AS n FROM person GROUP BY district");
        QUERIES.put("count by age band", "SELECT FLOOR((2024 - EXTRACT(YEAR FROM birth_date)) / 10) * 10 AS band, "
                + "COUNT(*) AS n FROM person GROUP BY FLOOR((2024 - EXTRACT(YEAR FROM birth_date)) / 10) * 10");
        QUERIES.put("sum income by district (join)", "SELECT p.district, COUNT(*) AS n, SUM(i.amount) AS total "
                + "FROM person p JOIN income i ON i.id_no = p.id_no GROUP BY p.district");
    }

    private SandboxBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long people = 10_000_000L;
        int runs = 15;
        Path cache = Path.of("data", "bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--people" -> people = Long.parseLong(args[++i].replace("_", ""));
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--cache" -> cache = Path.of(args[++i]);
                case "--no-previous" -> previous = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path directory = cache.resolve("people-" + people).toAbsolutePath();
        Files.createDirectories(directory);
        Path person = directory.resolve("person.parquet");
        Path income = directory.resolve("income.parquet");
        if (!Files.exists(person) || !Files.exists(income)) {
            long start = System.nanoTime();
            generate(people, person, income);
            System.out.printf(Locale.ROOT, "generated %,d people in %.1f s into %s%n", people, seconds(start), directory);
        } else {
            System.out.printf(Locale.ROOT, "using cached data in %s%n", directory);
        }
        Vault vault = new Vault(directory.resolve("vault"), MasterKey.readOrGenerate(directory.resolve("master.key")),
                ScratchSpace.memoryBacked(), Clock.systemUTC());
        ingestOnce(vault, "bench-person", person, DatasetSchema.of(FieldSpec.required("id_no", FieldType.STRING),
                FieldSpec.required("gender", FieldType.STRING), FieldSpec.required("birth_date", FieldType.DATE),
                FieldSpec.required("district", FieldType.STRING)));
        ingestOnce(vault, "bench-income", income, DatasetSchema.of(FieldSpec.required("id_no", FieldType.STRING),
                FieldSpec.required("year", FieldType.INTEGER), FieldSpec.required("amount", FieldType.DECIMAL)));
        long open = System.nanoTime();
        try (DecryptedTable personTable = vault.openCurrent("bench-person");
                DecryptedTable incomeTable = vault.openCurrent("bench-income")) {
            System.out.printf(Locale.ROOT, "decrypted both tables (cache warm-up, once) in %.1f s%n", seconds(open));
            Map<String, Path> plain = Map.of("person", person, "income", income);
            Map<String, Path> vaulted = Map.of("person", personTable.path(), "income", incomeTable.path());
            report(people, runs, plain, vaulted);
        }
    }

    static void report(long people, int runs, Map<String, Path> plain, Map<String, Path> vaulted) throws Exception {
        // the same resources for both: the platform's locked-down connection and the raw baseline
        var engine = new DuckDbEngine(new DuckDbSettings(MEMORY, THREADS));
        // measured once per version and kept with the decrypted file, as the application's table cache does
        long measured = System.nanoTime();
        var unique = new java.util.HashSet<String>();
        for (Map.Entry<String, Path> table : vaulted.entrySet()) {
            if (DuckDbEngine.oneRowPerValue(table.getValue(), "id_no")) {
                unique.add(table.getKey());
            }
        }
        oneRowPerUnit = Set.copyOf(unique);
        System.out.printf(Locale.ROOT, "one row per person (measured once per version in %.1f s): %s%n",
                seconds(measured), oneRowPerUnit);
        String pgUrl = System.getenv("QUANYUN_BENCH_PG_URL");
        Connection pg = pgUrl == null || pgUrl.isBlank() ? null : DriverManager.getConnection(pgUrl);
        if (pg != null) {
            loadPostgres(pg, plain);
        }
        System.out.printf(Locale.ROOT, "%nplatform on %s%n", FRESH_DATABASE ? "a fresh database per run (as before)"
                : "one workspace database kept open");
        System.out.printf(Locale.ROOT, "%nDuckDB threads %d, memory %s for both; load average %s%n", THREADS, MEMORY,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "%-32s %10s %10s %8s %10s %8s %10s%n", "query (" + people + " people)",
                "raw ms", "platform", "ratio", "check ms", "pg ms", "pg ratio");
        System.out.printf(Locale.ROOT, "%-32s %10s %10s %8s %10s%n", "", "", "", "", "(cold wall)");
        int grantSerial = 0;  // every platform run and cold check uses a grant that never asked before
        // a warm JVM, as a running server has: the checker's code compiled by the JIT (distinct questions, each by a
        // grant that never asked before, so that no cached check answers)
        long warm = System.nanoTime();
        warmChecker(engine, vaulted, CHECK_WARM_UP);
        System.out.printf(Locale.ROOT, "checker warm-up: %d distinct questions in %.1f s%n", CHECK_WARM_UP,
                seconds(warm));
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (Map.Entry<String, String> query : QUERIES.entrySet()) {
            // warm-up: class loading, OS page cache
            raw(plain, query.getValue());
            rawKept(plain, query.getValue());
            platform(engine, "warm-" + query.getKey(), vaulted, query.getValue());
            double[] rawTimes = new double[runs];
            double[] platformTimes = new double[runs];
            double[] checkTimes = new double[CHECKS];
            double[] checkCpuTimes = new double[CHECKS];
            double[] pgTimes = new double[runs];
            double[] boundedTimes = new double[runs];
            double[] keptTimes = new double[runs];
            for (int r = 0; r < runs; r++) {
                // side by side, the order rotated every run, so that drift and what one leaves behind for the
                // next (a fresh database's teardown, freed memory) affect all three alike
                for (int step = 0; step < 3; step++) {
                    switch ((r + step) % 3) {
                        case 0 -> {
                            long t0 = System.nanoTime();
                            raw(plain, query.getValue());
                            rawTimes[r] = millis(t0);
                        }
                        case 1 -> {
                            long t1 = System.nanoTime();
                            platform(engine, "bench-" + (grantSerial++), vaulted, query.getValue());
                            platformTimes[r] = millis(t1);
                        }
                        default -> {
                            long tk = System.nanoTime();
                            rawKept(plain, query.getValue());
                            keptTimes[r] = millis(tk);
                        }
                    }
                }
                // the previous rewrite: per-person bounding and aggregation even where each person has one row
                if (previous) {
                    long t3 = System.nanoTime();
                    platform(engine, "bench-" + (grantSerial++), vaulted, query.getValue(), Set.of());
                    boundedTimes[r] = millis(t3);
                }
                if (pg != null) {
                    long t2 = System.nanoTime();
                    try (Statement s = pg.createStatement(); ResultSet rs = s.executeQuery(query.getValue())) {
                        while (rs.next()) {
                            rs.getObject(1);
                        }
                    }
                    pgTimes[r] = millis(t2);
                }
            }
            SandboxQueries checker = new SandboxQueries(engine, RandomSource.secure());
            for (int r = 0; r < checkTimes.length; r++) {
                // a grant that never asked this question: the full parse, validate, check and rewrite
                SandboxGrant fresh = grant("check-" + (grantSerial++));
                long cpu = threads.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                checker.check(request(fresh, vaulted, query.getValue()));
                checkTimes[r] = millis(t);
                checkCpuTimes[r] = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
            }
            double[] repeatedTimes = new double[CHECKS];
            SandboxGrant same = grant("check-repeated-" + (grantSerial++));
            checker.check(request(same, vaulted, query.getValue()));
            for (int r = 0; r < repeatedTimes.length; r++) {
                // the same grant asking the same text again: the checked statement is reused
                long t = System.nanoTime();
                checker.check(request(same, vaulted, query.getValue()));
                repeatedTimes[r] = millis(t);
            }
            double rawMedian = median(rawTimes);
            double platformMedian = median(platformTimes);
            System.out.printf(Locale.ROOT, "%-32s %10.1f %10.1f %7.2fx %10.2f %8s %10s%n", query.getKey(), rawMedian,
                    platformMedian, platformMedian / rawMedian, median(checkTimes),
                    pg == null ? "skipped" : String.format(Locale.ROOT, "%.1f", median(pgTimes)),
                    pg == null ? "-" : String.format(Locale.ROOT, "%.2fx", median(pgTimes) / rawMedian));
            System.out.printf(Locale.ROOT, "%-32s %10s %10s %8s %10.3f  (repeated)%n", "", "", "", "",
                    median(repeatedTimes));
            System.out.printf(Locale.ROOT, "%-32s %10s %10s %8s %10.2f  (cold, CPU time of the checking thread;"
                    + " p90 wall %.2f)%n", "", "", "", "", median(checkCpuTimes), percentile(checkTimes, 0.9));
            System.out.printf(Locale.ROOT, "%-32s %10.1f %10s %7.2fx   (raw on one database kept open; platform / it)%n",
                    "", median(keptTimes), "", platformMedian / median(keptTimes));
            // the same comparison paired: each run's platform time over the raw-kept time of the same run (measured
            // back to back), so that drift between runs (another process, the CPU's clock) cancels out
            double[] pairedKept = new double[runs];
            double[] pairedRaw = new double[runs];
            for (int r = 0; r < runs; r++) {
                pairedKept[r] = platformTimes[r] / keptTimes[r];
                pairedRaw[r] = platformTimes[r] / rawTimes[r];
            }
            System.out.printf(Locale.ROOT, "%-32s %10s %10s %7.2fx   (paired: median of each run's platform / raw kept;"
                    + " / raw %.2fx; runs over 1.25x of raw kept: %d of %d)%n", "", "", "", median(pairedKept),
                    median(pairedRaw), Arrays.stream(pairedKept).filter(ratio -> ratio > 1.25).count(), runs);
            if (previous) {
                System.out.printf(Locale.ROOT, "%-32s %10s %10.1f %7.2fx   (previous rewrite, per-person bounding)%n",
                        "", "", median(boundedTimes), median(boundedTimes) / rawMedian);
            }
        }
        engine.close();
        if (kept != null) {
            kept.close();
            kept = null;
        }
        if (pg == null) {
            System.out.println("PostgreSQL: skipped (set QUANYUN_BENCH_PG_URL=jdbc:postgresql://host:port/db?user=...)");
        } else {
            pg.close();
        }
    }

    public static SandboxGrant grant(String id) {
        return new SandboxGrant(id, List.of(
                new GrantedTable("person", List.of(
                        GrantedColumn.of("id_no", ColumnType.TEXT, DisclosureRole.DIRECT_IDENTIFIER),
                        GrantedColumn.of("gender", ColumnType.TEXT, DisclosureRole.QUASI_IDENTIFIER),
                        GrantedColumn.of("birth_date", ColumnType.DATE, DisclosureRole.QUASI_IDENTIFIER),
                        GrantedColumn.of("district", ColumnType.TEXT, DisclosureRole.QUASI_IDENTIFIER)), "id_no"),
                new GrantedTable("income", List.of(
                        GrantedColumn.of("id_no", ColumnType.TEXT, DisclosureRole.DIRECT_IDENTIFIER),
                        GrantedColumn.of("year", ColumnType.INTEGER, DisclosureRole.PLAIN_ATTRIBUTE),
                        GrantedColumn.of("amount", ColumnType.DOUBLE, DisclosureRole.SENSITIVE_ATTRIBUTE)), "id_no")),
                SandboxPolicy.differentialPrivacy(Map.of("income.amount", Clamp.of(0, 1_000_000)), BigDecimal.ONE,
                        new BigDecimal("1000"), 3));
    }

    /**
     * Checks {@code questions} distinct questions, each by a grant that never asked before (so that no cached check
     * answers): the JIT compiles the checker, as in a running server's JVM.
     */
    static void warmChecker(io.quanyun.sandbox.engine.AnalyticEngine engine, Map<String, Path> files,
            int questions) {
        SandboxQueries checker = new SandboxQueries(engine, RandomSource.secure());
        int serial = 0;
        for (String question : io.quanyun.sandbox.policy.CheckProfile.questions(questions)) {
            try {
                checker.check(request(grant("warm-check-" + (serial++)), files, question));
            } catch (QueryRefused refused) {
                // a refusal exercises the checker as well
            }
        }
    }

    static void platform(io.quanyun.sandbox.engine.AnalyticEngine engine, String grantId, Map<String, Path> files,
            String sql) {
        platform(engine, grantId, files, sql, oneRowPerUnit);
    }

    static void platform(io.quanyun.sandbox.engine.AnalyticEngine engine, String grantId, Map<String, Path> files,
            String sql, Set<String> uniqueTables) {
        // before: the query outside any workspace, i.e. on a fresh in-memory database of its own
        io.quanyun.sandbox.engine.AnalyticEngine used = FRESH_DATABASE ? (query, cancellation) -> engine.run(
                new io.quanyun.sandbox.engine.EngineQuery(query.sql(), query.tables(), query.views(), query.timeout(),
                        query.rowFilters()), cancellation) : engine;
        new SandboxQueries(used, RandomSource.secure()).run(new QueryRequest(grant(grantId), files, sql,
                Duration.ofMinutes(10)).withOneRowPerUnit(uniqueTables).inWorkspace(WORKSPACE));
    }

    static QueryRequest request(SandboxGrant grant, Map<String, Path> files, String sql) {
        return QueryRequest.of(grant, files, sql).withOneRowPerUnit(oneRowPerUnit);
    }

    /** Whether to run the previous rewrite side by side (slow: minutes per query at 10 million people). */
    static boolean previous = true;

    /** The tables holding one row per person, measured on the vault's decrypted versions. */
    static Set<String> oneRowPerUnit = Set.of();

    /** The one workspace all the platform's runs use. */
    static final String WORKSPACE = "bench-workspace";

    /**
     * {@code -Dquanyun.bench.fresh-database=true}: each platform run on a fresh in-memory database of its own, as
     * before the per-workspace database (for before/after figures on the same machine).
     */
    static final boolean FRESH_DATABASE = Boolean.getBoolean("quanyun.bench.fresh-database");

    private static Connection kept;

    /** Raw DuckDB on one database opened once, with its views created once: no fixed cost per query. */
    static void rawKept(Map<String, Path> files, String sql) throws Exception {
        if (kept == null) {
            kept = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement statement = kept.createStatement()) {
                statement.execute("SET threads = " + THREADS);
                statement.execute("SET memory_limit = '" + MEMORY + "'");
                for (Map.Entry<String, Path> file : files.entrySet()) {
                    statement.execute("CREATE VIEW " + file.getKey() + " AS SELECT * FROM read_parquet('"
                            + file.getValue() + "')");
                }
            }
        }
        try (Statement statement = kept.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                rs.getObject(1);
            }
        }
    }

    static void raw(Map<String, Path> files, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("SET threads = " + THREADS);
            statement.execute("SET memory_limit = '" + MEMORY + "'");
            for (Map.Entry<String, Path> file : files.entrySet()) {
                statement.execute("CREATE VIEW " + file.getKey() + " AS SELECT * FROM read_parquet('"
                        + file.getValue() + "')");
            }
            try (ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
        }
    }

    static void generate(long people, Path person, Path income) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT '3701' || lpad(CAST(i AS VARCHAR), 14, '0') AS id_no, "
                    + "CASE WHEN i % 2 = 0 THEN '男' ELSE '女' END AS gender, "
                    + "DATE '1940-01-01' + CAST((i * 37) % 29000 AS INTEGER) AS birth_date, "
                    + "['历下区','市中区','槐荫区','天桥区','历城区','长清区','章丘区','济阳区','莱芜区','钢城区','平阴县','商河县']"
                    + "[1 + CAST(hash(i) % 12 AS INTEGER)] AS district FROM range(" + people + ") t(i)) TO '" + person
                    + "' (FORMAT parquet, COMPRESSION zstd)");
            statement.execute("COPY (SELECT '3701' || lpad(CAST(i AS VARCHAR), 14, '0') AS id_no, 2024 AS year, "
                    + "CAST(20000 + hash(i) % 300000 AS DECIMAL(18,2)) AS amount FROM range(" + people + ") t(i)) TO '"
                    + income + "' (FORMAT parquet, COMPRESSION zstd)");
        }
    }

    static void ingestOnce(Vault vault, String datasetId, Path file, DatasetSchema schema) {
        if (vault.currentVersion(datasetId).isPresent()) {
            return;
        }
        long start = System.nanoTime();
        vault.ingest(datasetId, schema, file, SourceFormat.PARQUET, IngestionOptions.defaults());
        System.out.printf(Locale.ROOT, "ingested %s into the vault in %.1f s%n", datasetId, seconds(start));
    }

    static void loadPostgres(Connection pg, Map<String, Path> plain) throws Exception {
        Path csvDirectory = Files.createTempDirectory("bench-pg");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            for (Map.Entry<String, Path> file : plain.entrySet()) {
                s.execute("COPY (SELECT * FROM read_parquet('" + file.getValue() + "')) TO '"
                        + csvDirectory.resolve(file.getKey() + ".csv") + "' (HEADER false)");
            }
        }
        try (Statement s = pg.createStatement()) {
            s.execute("DROP TABLE IF EXISTS person; DROP TABLE IF EXISTS income");
            s.execute("CREATE TABLE person (id_no varchar(18), gender varchar(2), birth_date date, district varchar(10))");
            s.execute("CREATE TABLE income (id_no varchar(18), year int, amount numeric(18,2))");
        }
        var copy = new org.postgresql.copy.CopyManager(pg.unwrap(org.postgresql.core.BaseConnection.class));
        for (String table : List.of("person", "income")) {
            try (var reader = Files.newBufferedReader(csvDirectory.resolve(table + ".csv"))) {
                copy.copyIn("COPY " + table + " FROM STDIN (FORMAT csv)", reader);
            }
        }
        try (Statement s = pg.createStatement()) {
            s.execute("ANALYZE person; ANALYZE income");
        }
    }

    /** Cold checks per query, and the distinct questions checked first to warm the JIT. */
    static final int CHECKS = 200;
    static final int CHECK_WARM_UP = 5_000;

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))];
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double millis(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
