package io.quanyun.sandbox;

import io.quanyun.sandbox.engine.DuckDbEngine;
import io.quanyun.sandbox.engine.DuckDbSettings;
import io.quanyun.sandbox.engine.EngineQuery;
import io.quanyun.sandbox.engine.QueryCancellation;
import io.quanyun.sandbox.engine.RowFilter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The consent row filter with and without the consent-filtered copy (test sources, not a test):
 * {@code java -cp ... io.quanyun.sandbox.ConsentFilterBenchmark [--people N] [--runs R] [--share S] [--writes W] [--dir DIR]}.
 * Generates N people and one income row each as plaintext Parquet in DIR (default {@code /dev/shm}, as the vault's
 * scratch space), lets a share S (default 0.5) of them consent (the registry's keyed hash, same SQL expression),
 * then times, alternating, the same queries (a count by district; the income join) two ways:
 * <ul>
 *   <li><b>per query</b> (before): the engine hashes every row's identifier and keeps the allowed ones in every
 *       query, as {@code DuckDbEngine} did for every consent grant;</li>
 *   <li><b>copy</b> (after): the filtered copy is written once ({@link DuckDbEngine#writeFiltered}, timed apart)
 *       and queries read it; each query still pays the fingerprint of the consent set, which the cache compares
 *       (timed apart too).</li>
 * </ul>
 * Prints medians (ms) and the load average.
 */
public final class ConsentFilterBenchmark {

    private ConsentFilterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long people = 1_000_000L;
        int runs = 7;
        double share = 0.5;
        int writesWanted = 1;
        boolean view = true;
        Path dir = Path.of("/dev/shm");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--people" -> people = Long.parseLong(args[++i].replace("_", ""));
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--writes" -> writesWanted = Integer.parseInt(args[++i]);
                case "--share" -> share = Double.parseDouble(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--no-view" -> view = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path work = Files.createTempDirectory(dir, "consent-bench-");
        Path person = work.resolve("person.parquet");
        Path income = work.resolve("income.parquet");
        String keyHex = "00112233445566778899aabbccddeeff";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET temp_directory = '" + work.resolve(".spill") + "'");
            s.execute("COPY (SELECT '3701' || lpad(CAST(i AS VARCHAR), 14, '0') AS id_no, 'district-' || (i % 16) "
                    + "AS district FROM range(" + people + ") t(i)) TO '" + person + "' (FORMAT PARQUET)");
            s.execute("COPY (SELECT '3701' || lpad(CAST(i AS VARCHAR), 14, '0') AS id_no, (i % 1000) * 10.0 "
                    + "AS amount FROM range(" + people + ") t(i)) TO '" + income + "' (FORMAT PARQUET)");
        }
        Set<String> allowed = new HashSet<>();
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        long step = Math.max(1, Math.round(1 / share));
        for (long i = 0; i < people; i += step) {
            String id = "3701" + String.format(Locale.ROOT, "%014d", i);
            allowed.add(HexFormat.of().formatHex(sha256.digest((keyHex + ":" + id).getBytes(StandardCharsets.UTF_8))));
        }
        RowFilter.KeyExpression key = column -> "sha256('" + keyHex + ":' || upper(trim(" + column + ")))";
        RowFilter filter = new RowFilter("id_no", key, allowed);
        DuckDbSettings settings = new DuckDbSettings("1GB", 2);
        DuckDbEngine engine = new DuckDbEngine(settings);
        Map<String, String> queries = Map.of(
                "count by district", "SELECT district, COUNT(*) AS n FROM person GROUP BY district",
                "sum income by district (join)", "SELECT p.district, COUNT(*) AS n, SUM(i.amount) AS total "
                        + "FROM person p JOIN income i ON i.id_no = p.id_no GROUP BY p.district");

        List<Long> writes = new ArrayList<>();
        Path personCopy = null;
        Path incomeCopy = null;
        for (int r = 0; r < writesWanted; r++) {
            if (personCopy != null) {
                Files.delete(personCopy);
                Files.delete(incomeCopy);
            }
            personCopy = work.resolve(".consent-person-" + r + ".parquet");
            incomeCopy = work.resolve(".consent-income-" + r + ".parquet");
            long t = System.nanoTime();
            long kept = DuckDbEngine.writeFiltered(person, filter, personCopy, settings);
            DuckDbEngine.writeFiltered(income, filter, incomeCopy, settings);
            writes.add(System.nanoTime() - t);
            if (r == 0) {
                System.out.printf(Locale.ROOT, "people %d, consenting %d, rows kept %d%n", people, allowed.size(),
                        kept);
            }
        }
        System.out.printf(Locale.ROOT, "write both copies (once per consent state): median %.0f ms%n",
                median(writes));
        Map<String, Long> overheadBefore = new java.util.TreeMap<>();
        Map<String, Long> overheadAfter = new java.util.TreeMap<>();
        perQueryOverhead(allowed, runs, overheadBefore, overheadAfter);
        RowFilter applied = filter.markedApplied();
        for (Map.Entry<String, String> q : queries.entrySet()) {
            List<Long> before = new ArrayList<>();
            List<Long> after = new ArrayList<>();
            Object beforeResult = null;
            Object afterResult = null;
            for (int r = 0; r < runs; r++) {
                long t = System.nanoTime();
                if (!view) {
                    afterResult = engine.run(new EngineQuery(q.getValue(), Map.of("person", personCopy, "income",
                            incomeCopy), List.of(), Duration.ofMinutes(5), Map.of("person", applied, "income",
                            applied)), new QueryCancellation()).rows();
                    after.add(System.nanoTime() - t);
                    continue;
                }
                beforeResult = engine.run(new EngineQuery(q.getValue(), Map.of("person", person, "income", income),
                        List.of(), Duration.ofMinutes(5), Map.of("person", filter, "income", filter)),
                        new QueryCancellation()).rows();
                before.add(System.nanoTime() - t);
                t = System.nanoTime();
                afterResult = engine.run(new EngineQuery(q.getValue(), Map.of("person", personCopy, "income",
                        incomeCopy), List.of(), Duration.ofMinutes(5), Map.of("person", applied, "income", applied)),
                        new QueryCancellation()).rows();
                after.add(System.nanoTime() - t);
            }
            if (view && !new HashSet<>((List<?>) beforeResult).equals(new HashSet<>((List<?>) afterResult))) {
                throw new IllegalStateException("results differ for " + q.getKey());
            }
            if (view) {
                System.out.printf(Locale.ROOT, "%-30s per query %7.0f ms   copy %7.0f ms   ratio %.1fx%n",
                        q.getKey(), median(before), median(after), median(before) / median(after));
            }
            double engineOnCopy = median(after);
            double was = engineOnCopy + overheadBefore.get("total") / 1e6;
            double now = engineOnCopy + overheadAfter.get("total") / 1e6;
            System.out.printf(Locale.ROOT, "%-30s per query on the copy: before %7.1f ms (engine %.1f + consent set "
                    + "%.1f)   after %7.1f ms (engine %.1f + consent set %.2f)   ratio %.1fx%n", q.getKey(), was,
                    engineOnCopy, overheadBefore.get("total") / 1e6, now, engineOnCopy,
                    overheadAfter.get("total") / 1e6, was / now);
        }
        System.out.printf(Locale.ROOT, "load average %.2f, %d cores%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        try (var paths = Files.walk(work)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * What a consent grant's query paid for its consent set besides the engine, before and after the set was kept
     * per generation: an H2 registry (the V11 table and indexes, the V13 generation table) holding the allowed
     * keys for one purpose and operator plus as many rows of other purposes, both timed as medians of
     * {@code runs} on a grant with two filtered tables.
     * <ul>
     *   <li>before (branch consentcache): the registry's read of every consenting hash, {@code Set.copyOf}, one
     *       RowFilter per table (copy and hex check of every key) and four fingerprints (SHA-256 over a TreeSet):
     *       one per table for the copy's identity, one per table for the recorded-answer key;</li>
     *   <li>after: the generation (one primary-key read) and the day; the held set, its keys and their
     *       fingerprints are reused. Once per generation (timed apart): the read, the sorted packed set and the
     *       first fingerprint.</li>
     * </ul>
     */
    private static void perQueryOverhead(Set<String> allowed, int runs, Map<String, Long> before,
            Map<String, Long> after) throws Exception {
        java.util.UUID operator = java.util.UUID.randomUUID();
        java.time.LocalDate today = java.time.LocalDate.now(io.quanyun.shared.Zones.SHANGHAI);
        try (Connection h2 = DriverManager.getConnection("jdbc:h2:mem:consent-bench;DB_CLOSE_DELAY=-1");
                Statement s = h2.createStatement()) {
            s.execute("""
                    create table consent_record (id uuid primary key, subject_kind varchar(20) not null,
                        subject_hash varchar(64) not null, purpose varchar(100) not null, operator_id uuid not null,
                        valid_from date not null, valid_until date not null, withdrawn_at timestamp with time zone,
                        recorded_by varchar(100) not null, recorded_org uuid,
                        recorded_at timestamp with time zone not null)""");
            s.execute("create index consent_subject_idx on consent_record (subject_hash, purpose, operator_id)");
            s.execute("create index consent_purpose_idx on consent_record (purpose, operator_id)");
            s.execute("create table consent_generation (purpose varchar(100) not null, operator_id uuid not null, "
                    + "generation bigint not null, primary key (purpose, operator_id))");
            long t = System.nanoTime();
            try (var insert = h2.prepareStatement("insert into consent_record values (?, 'PERSON', ?, ?, ?, ?, ?, "
                    + "null, 'bench', null, current_timestamp)")) {
                int n = 0;
                for (String hash : allowed) {
                    for (String purpose : List.of("bench", "other")) {
                        insert.setObject(1, java.util.UUID.randomUUID());
                        insert.setString(2, hash);
                        insert.setString(3, purpose);
                        insert.setObject(4, operator);
                        insert.setObject(5, today.minusDays(1));
                        insert.setObject(6, today.plusYears(1));
                        insert.addBatch();
                    }
                    if (++n % 5_000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            s.execute("insert into consent_generation values ('bench', '" + operator + "', 1)");
            System.out.printf(Locale.ROOT, "registry (H2 in memory): %d consent rows loaded in %.0f s%n",
                    2L * allowed.size(), (System.nanoTime() - t) / 1e9);
            String read = "select distinct subject_hash from consent_record where purpose = ? and operator_id = ? "
                    + "and withdrawn_at is null and valid_from <= ? and valid_until >= ?";
            RowFilter.KeyExpression key = column -> "sha256(" + column + ")";
            var thread = ManagementFactory.getThreadMXBean();
            List<Long> readBefore = new ArrayList<>();
            List<Long> filtersBefore = new ArrayList<>();
            List<Long> totalBefore = new ArrayList<>();
            List<Long> cpuBefore = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                long cpu = thread.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                List<String> hashes = readAll(h2, read, operator, today);
                long t1 = System.nanoTime();
                Set<String> consenting = Set.copyOf(hashes);
                for (int table = 0; table < 2; table++) {
                    oldRowFilterCopy(consenting);
                }
                for (int fingerprint = 0; fingerprint < 4; fingerprint++) {
                    oldFingerprint("id_no", consenting);
                }
                long t2 = System.nanoTime();
                readBefore.add(t1 - t0);
                filtersBefore.add(t2 - t1);
                totalBefore.add(t2 - t0);
                cpuBefore.add(thread.getCurrentThreadCpuTime() - cpu);
            }
            before.put("total", (long) (median(totalBefore) * 1e6));
            System.out.printf(Locale.ROOT, "consent set per query, before: %.0f ms (registry read %.0f ms, copies, "
                    + "checks and 4 TreeSet fingerprints %.0f ms; thread CPU %.0f ms)%n", median(totalBefore),
                    median(readBefore), median(filtersBefore), median(cpuBefore));

            // once per generation and day
            List<Long> once = new ArrayList<>();
            io.quanyun.catalog.ConsentSet set = null;
            io.quanyun.sandbox.engine.AllowedKeys keys = null;
            for (int r = 0; r < Math.min(runs, 3); r++) {
                long t0 = System.nanoTime();
                List<String> hashes = readAll(h2, read, operator, today);
                set = io.quanyun.catalog.ConsentSetsForBenchmarks.of("bench", operator, 1, today, hashes);
                io.quanyun.catalog.ConsentSet held = set;
                keys = io.quanyun.sandbox.engine.AllowedKeys.sorted(held.size(), held::forEachHash);
                keys.fingerprint("id_no");
                once.add(System.nanoTime() - t0);
            }
            System.out.printf(Locale.ROOT, "consent set once per generation and day (read, sort, pack, first "
                    + "fingerprint): %.0f ms; %d subjects held in %d KiB of longs%n", median(once), set.size(),
                    set.size() * 32L / 1024);
            RowFilter person = new RowFilter("id_no", key, keys);
            RowFilter income = new RowFilter("id_no", key, keys);
            List<Long> totalAfter = new ArrayList<>();
            List<Long> cpuAfter = new ArrayList<>();
            String generation = "select generation from consent_generation where purpose = ? and operator_id = ?";
            for (int r = 0; r < Math.max(runs, 50); r++) {
                long cpu = thread.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                long current;
                try (var statement = h2.prepareStatement(generation)) {
                    statement.setString(1, "bench");
                    statement.setObject(2, operator);
                    try (var result = statement.executeQuery()) {
                        current = result.next() ? result.getLong(1) : 0;
                    }
                }
                java.time.LocalDate day = java.time.LocalDate.now(io.quanyun.shared.Zones.SHANGHAI);
                if (current != set.generation() || !day.equals(set.day())) {
                    throw new IllegalStateException("the generation moved");
                }
                person.fingerprint();
                income.fingerprint();
                person.fingerprint();
                income.fingerprint();
                totalAfter.add(System.nanoTime() - t0);
                cpuAfter.add(thread.getCurrentThreadCpuTime() - cpu);
            }
            after.put("total", (long) (median(totalAfter) * 1e6));
            System.out.printf(Locale.ROOT, "consent set per query, after: %.3f ms (generation read, held set, kept "
                    + "fingerprints; thread CPU %.3f ms)%n", median(totalAfter), median(cpuAfter));
            s.execute("drop all objects");
        }
    }

    private static List<String> readAll(Connection h2, String sql, java.util.UUID operator, java.time.LocalDate today)
            throws Exception {
        List<String> hashes = new ArrayList<>();
        try (var statement = h2.prepareStatement(sql)) {
            statement.setString(1, "bench");
            statement.setObject(2, operator);
            statement.setObject(3, today);
            statement.setObject(4, today);
            try (var result = statement.executeQuery()) {
                while (result.next()) {
                    hashes.add(result.getString(1));
                }
            }
        }
        return hashes;
    }

    /** What RowFilter's constructor did with its keys before (branch consentcache). */
    private static Set<String> oldRowFilterCopy(Set<String> keys) {
        Set<String> copy = Set.copyOf(keys);
        java.util.regex.Pattern hex = java.util.regex.Pattern.compile("[0-9a-f]{1,128}");
        for (String k : copy) {
            if (!hex.matcher(k).matches()) {
                throw new IllegalArgumentException("allowed keys are lower-case hex");
            }
        }
        return copy;
    }

    /** RowFilter.fingerprint() before (branch consentcache): SHA-256 over a TreeSet of the keys. */
    private static String oldFingerprint(String column, Set<String> keys) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(column.getBytes(StandardCharsets.UTF_8));
        for (String k : new java.util.TreeSet<>(keys)) {
            sha256.update((byte) '\n');
            sha256.update(k.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static double median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2) / 1e6;
    }
}
