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
        Path dir = Path.of("/dev/shm");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--people" -> people = Long.parseLong(args[++i].replace("_", ""));
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--writes" -> writesWanted = Integer.parseInt(args[++i]);
                case "--share" -> share = Double.parseDouble(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
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
        List<Long> fingerprints = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            long t = System.nanoTime();
            filter.fingerprint();
            fingerprints.add(System.nanoTime() - t);
        }
        System.out.printf(Locale.ROOT, "fingerprint of the consent set (per query): median %.0f ms%n",
                median(fingerprints));
        RowFilter applied = filter.markedApplied();
        for (Map.Entry<String, String> q : queries.entrySet()) {
            List<Long> before = new ArrayList<>();
            List<Long> after = new ArrayList<>();
            Object beforeResult = null;
            Object afterResult = null;
            for (int r = 0; r < runs; r++) {
                long t = System.nanoTime();
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
            if (!new HashSet<>((List<?>) beforeResult).equals(new HashSet<>((List<?>) afterResult))) {
                throw new IllegalStateException("results differ for " + q.getKey());
            }
            System.out.printf(Locale.ROOT, "%-30s per query %7.0f ms   copy %7.0f ms   ratio %.1fx%n", q.getKey(),
                    median(before), median(after), median(before) / median(after));
        }
        System.out.printf(Locale.ROOT, "load average %.2f, %d cores%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        try (var paths = Files.walk(work)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static double median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2) / 1e6;
    }
}
