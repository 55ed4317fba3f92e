package io.quanyun.sandbox;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import io.quanyun.catalog.vault.DecryptedTable;
import io.quanyun.catalog.vault.MasterKey;
import io.quanyun.catalog.vault.ScratchSpace;
import io.quanyun.catalog.vault.Vault;
import io.quanyun.sandbox.engine.DuckDbEngine;
import io.quanyun.sandbox.engine.DuckDbSettings;

/**
 * Diagnostics (not a test): the platform's end-to-end time of each benchmark question on the benchmark's cached
 * vault (run {@code ./quanyun bench sandbox} once first), many times, so that a profiler attached to this JVM sees
 * where the time around the engine goes:
 * {@code java -cp ... io.quanyun.sandbox.PlatformQueryProbe <data-dir>/bench/people-N [runs]}; {@code -Dwarm=5000}
 * checks that many distinct questions first (as the benchmark does), {@code -Dinterleave=true} runs raw DuckDB on one
 * kept database after each platform run. Besides the platform's time it prints the part outside the engine (check,
 * budget, protection).
 */
public final class PlatformQueryProbe {

    private PlatformQueryProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Vault vault = new Vault(directory.resolve("vault"), MasterKey.readOrGenerate(directory.resolve("master.key")),
                ScratchSpace.memoryBacked(), Clock.systemUTC());
        try (DecryptedTable person = vault.openCurrent("bench-person");
                DecryptedTable income = vault.openCurrent("bench-income")) {
            Map<String, Path> vaulted = Map.of("person", person.path(), "income", income.path());
            SandboxBenchmark.oneRowPerUnit = java.util.Set.of("person", "income");
            var duckDb = new DuckDbEngine(new DuckDbSettings(SandboxBenchmark.MEMORY, SandboxBenchmark.THREADS));
            // the engine's share of each run, so that the time around it (check, budget, protection) is printed too
            long[] inEngine = new long[1];
            io.quanyun.sandbox.engine.AnalyticEngine engine = new io.quanyun.sandbox.engine.AnalyticEngine() {
                @Override
                public io.quanyun.sandbox.engine.EngineResult run(io.quanyun.sandbox.engine.EngineQuery query,
                        io.quanyun.sandbox.engine.QueryCancellation cancellation) {
                    long started = System.nanoTime();
                    try {
                        return duckDb.run(query, cancellation);
                    } finally {
                        inEngine[0] += System.nanoTime() - started;
                    }
                }

                @Override
                public void release(String workspace) {
                    duckDb.release(workspace);
                }
            };
            // -Dwarm=N: N distinct questions checked first, as the benchmark does, so that the JIT has compiled the
            // checker (without it the first checks of a JVM take 20-28 ms instead of 1-3)
            SandboxBenchmark.warmChecker(duckDb, vaulted, Integer.getInteger("warm", 0));
            int serial = 0;
            // -Dinterleave=true: raw DuckDB on one kept database over the plaintext copy, after each platform run
            Map<String, Path> plain = Boolean.getBoolean("interleave") ? Map.of("person",
                    directory.resolve("person.parquet"), "income", directory.resolve("income.parquet")) : null;
            for (Map.Entry<String, String> query : SandboxBenchmark.QUERIES.entrySet()) {
                if (query.getKey().contains("join")) {
                    continue;
                }
                double[] times = new double[runs];
                double[] kept = new double[runs];
                double[] around = new double[runs];
                for (int r = -3; r < runs; r++) {
                    inEngine[0] = 0;
                    long t0 = System.nanoTime();
                    SandboxBenchmark.platform(engine, "probe-" + (serial++), vaulted, query.getValue());
                    double platform = (System.nanoTime() - t0) / 1e6;
                    if (r >= 0) {
                        around[r] = platform - inEngine[0] / 1e6;
                    }
                    double raw = 0;
                    if (plain != null) {
                        long t1 = System.nanoTime();
                        SandboxBenchmark.rawKept(plain, query.getValue());
                        raw = (System.nanoTime() - t1) / 1e6;
                    }
                    if (r >= 0) {
                        times[r] = platform;
                        kept[r] = raw;
                    }
                }
                Arrays.sort(times);
                Arrays.sort(kept);
                Arrays.sort(around);
                System.out.printf(Locale.ROOT, "%-20s platform median %.1f ms (%.1f ms of it outside the engine); raw"
                        + " DuckDB kept open, alternating: %.1f ms%n", query.getKey(), times[runs / 2],
                        around[runs / 2], kept[runs / 2]);
            }
        }
    }
}
