package io.quanyun.catalog.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.Set;

import io.quanyun.catalog.vault.DatasetSchema;
import io.quanyun.catalog.vault.FieldSpec;
import io.quanyun.catalog.vault.FieldType;
import io.quanyun.catalog.vault.IngestionOptions;
import io.quanyun.catalog.vault.IngestionResult;
import io.quanyun.catalog.vault.MasterKey;
import io.quanyun.catalog.vault.ScratchSpace;
import io.quanyun.catalog.vault.SourceFormat;
import io.quanyun.catalog.vault.Vault;

/**
 * {@code ./quanyun bench ingest [--people N] [--work DIR] [--runs R]}: generates the demo {@code person} table
 * for N people (10 million by default) as CSV, then ingests it into a fresh vault (streaming, checking every
 * row, profiling, encrypting) and, on the same file, runs DuckDB's own {@code COPY ... TO parquet}; prints
 * both throughputs and their ratio, and the JVM's peak heap use. The launcher caps the heap at 1 GB. Not a
 * test: results go into {@code docs/benchmarks.md} by hand.
 */
public final class IngestionBenchmark {

    private IngestionBenchmark() {
    }

    public static void main(String[] arguments) throws Exception {
        int people = 10_000_000;
        int runs = 1;
        Path work = Path.of("target", "bench");
        for (int i = 0; i < arguments.length; i++) {
            switch (arguments[i]) {
                case "--people" -> people = Integer.parseInt(arguments[++i]);
                case "--work" -> work = Path.of(arguments[++i]);
                case "--runs" -> runs = Integer.parseInt(arguments[++i]);
                default -> throw new IllegalArgumentException("usage: [--people N] [--work DIR] [--runs R]");
            }
        }
        Files.createDirectories(work);
        Path csv = work.resolve("person-" + people + ".csv").toAbsolutePath();
        if (!Files.exists(csv)) {
            long started = System.nanoTime();
            try (OutputStream out = Files.newOutputStream(csv)) {
                new DemoDataGenerator(DemoDataGenerator.DEFAULT_SEED, people).write("person", out);
            }
            System.out.printf("generated %s (%d MB) in %.1f s%n", csv.getFileName(), Files.size(csv) >> 20,
                    seconds(started));
        }
        DatasetSchema schema = DatasetSchema.of(FieldSpec.optional("id_no", FieldType.STRING),
                FieldSpec.optional("name", FieldType.STRING), FieldSpec.optional("gender", FieldType.STRING),
                FieldSpec.optional("birth_date", FieldType.DATE), FieldSpec.optional("district", FieldType.STRING),
                FieldSpec.optional("address", FieldType.STRING), FieldSpec.optional("phone", FieldType.STRING));
        System.out.printf("heap max %d MB, %d processors, file %d MB, %d rows%n",
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
                Files.size(csv) >> 20, people);
        for (int run = 1; run <= runs; run++) {
            double duckdb = duckDbCopy(csv, work);
            Path data = Files.createTempDirectory(work, "vault-");
            Vault vault = new Vault(data, MasterKey.fromBase64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="),
                    ScratchSpace.memoryBacked(), Clock.systemUTC());
            long started = System.nanoTime();
            IngestionResult result = vault.ingest("person", schema, csv, SourceFormat.CSV, IngestionOptions.defaults()
                    .withIdentifierFields(Set.of("id_no", "name", "address", "phone", "birth_date", "district")));
            double ingest = seconds(started);
            System.out.printf("run %d: DuckDB COPY %.1f s (%.0f rows/s) | vault ingest %.1f s (%.0f rows/s, %d rows) "
                    + "| ratio vault/DuckDB time %.2f | peak heap so far %d MB%n", run, duckdb, people / duckdb, ingest,
                    result.rowCount() / ingest, result.rowCount(), ingest / duckdb, peakHeapMegabytes());
            deleteRecursively(data);
        }
    }

    private static double duckDbCopy(Path csv, Path work) throws Exception {
        Path parquet = work.resolve("duckdb-copy.parquet").toAbsolutePath();
        Files.deleteIfExists(parquet);
        long started;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("SET threads = 2");
            started = System.nanoTime();
            statement.execute("COPY (SELECT * FROM read_csv('" + csv + "', header = true, columns = {"
                    + "'id_no': 'VARCHAR', 'name': 'VARCHAR', 'gender': 'VARCHAR', 'birth_date': 'DATE', "
                    + "'district': 'VARCHAR', 'address': 'VARCHAR', 'phone': 'VARCHAR'})) TO '" + parquet
                    + "' (FORMAT parquet, COMPRESSION zstd)");
        }
        double elapsed = seconds(started);
        Files.deleteIfExists(parquet);
        return elapsed;
    }

    private static long peakHeapMegabytes() {
        long peak = 0;
        for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
