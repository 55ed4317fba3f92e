package io.quanyun.catalog.vault;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Side-by-side timings for the ADR on encryption at rest: GROUP BY district over plain Parquet
 * in tmpfs, versus decrypting a vault version (SM4-GCM chunks, SM3 check) into tmpfs and then
 * running the same query, versus DuckDB's own Parquet modular encryption where it can be written.
 * Not a test: run by hand, e.g.
 *
 * <pre>
 * ./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java -Xmx1g -cp target/classes:target/test-classes:$(cat target/classpath.txt) \
 *     io.quanyun.catalog.vault.VaultEncryptionBenchmark 1000000 10000000
 * </pre>
 */
final class VaultEncryptionBenchmark {

    private static final int REPETITIONS = 5;
    private static final String QUERY = "SELECT district, count(*), avg(income) FROM %s GROUP BY district";

    private VaultEncryptionBenchmark() {
    }

    public static void main(String[] arguments) throws Exception {
        ScratchSpace scratch = ScratchSpace.memoryBacked();
        Path work = Files.createTempDirectory("vault-benchmark");
        try {
            for (String argument : arguments.length == 0 ? new String[] {"1000000"} : arguments) {
                run(Long.parseLong(argument), scratch, work);
            }
        } finally {
            SecureFiles.deleteQuietly(scratch.root());
            SecureFiles.deleteQuietly(work);
        }
    }

    private static void run(long rows, ScratchSpace scratch, Path work) throws Exception {
        Path plain = scratch.root().resolve("plain-" + rows + ".parquet");
        long start = System.nanoTime();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT lpad(CAST(i AS VARCHAR), 18, '3') AS id_no, "
                    + "(['历下区','市中区','槐荫区','天桥区','历城区','长清区','章丘区','济阳区','莱芜区','钢城区','平阴县','商河县'])[1 + CAST(hash(i) % 12 AS INTEGER)] AS district, "
                    + "DATE '1950-01-01' + CAST(hash(i * 3) % 25000 AS INTEGER) AS birth_date, "
                    + "CAST((hash(i * 7) % 10000000) / 100.0 AS DECIMAL(38,10)) AS income "
                    + "FROM range(" + rows + ") t(i)) TO '" + plain + "' (FORMAT parquet, COMPRESSION zstd)");
        }
        System.out.printf(Locale.ROOT, "%n== %,d rows: plain Parquet %.1f MB, generated in %.1f s%n", rows,
                Files.size(plain) / 1e6, seconds(start));

        MasterKey masterKey = MasterKey.generateInto(work.resolve("master-" + rows + ".key"));
        Vault vault = new Vault(work.resolve("data-" + rows), masterKey, scratch, Clock.systemUTC());
        DatasetSchema schema = DatasetSchema.of(
                FieldSpec.required("id_no", FieldType.STRING),
                FieldSpec.required("district", FieldType.STRING),
                FieldSpec.required("birth_date", FieldType.DATE),
                FieldSpec.required("income", FieldType.DECIMAL));
        start = System.nanoTime();
        IngestionResult result = vault.ingest("person", schema, plain, SourceFormat.PARQUET,
                IngestionOptions.defaults().withIdentifierFields(java.util.Set.of("id_no")));
        System.out.printf(Locale.ROOT, "ingest (check, rewrite, profile, encrypt) %.2f s; stored %.1f MB%n", seconds(start),
                result.metadata().ciphertextBytes() / 1e6);

        Path encrypted = work.resolve("data-" + rows).resolve("vault/person/v1").resolve(Vault.DATA_FILE);
        Path duckdbEncrypted = duckDbEncrypted(plain, scratch);

        List<Double> plainQuery = new ArrayList<>();
        List<Double> openTimes = new ArrayList<>();
        List<Double> decryptedQuery = new ArrayList<>();
        List<Double> decryptOnly = new ArrayList<>();
        List<Double> duckdbQuery = new ArrayList<>();
        for (int repetition = 0; repetition < REPETITIONS; repetition++) {
            plainQuery.add(query(String.format(QUERY, "read_parquet('" + plain + "')"), null));
            start = System.nanoTime();
            try (DecryptedTable table = vault.open("person", 1)) {
                openTimes.add(seconds(start));
                decryptedQuery.add(query(String.format(QUERY, "read_parquet('" + table.path() + "')"), null));
            }
            decryptOnly.add(decryptWithoutChecksum(masterKey, encrypted, scratch, result.metadata()));
            if (duckdbEncrypted != null) {
                duckdbQuery.add(query(String.format(QUERY, "read_parquet('" + duckdbEncrypted + "', encryption_config = {footer_key: 'k'})"),
                        "PRAGMA add_parquet_key('k', '0123456789abcdef')"));
            }
        }
        System.out.printf(Locale.ROOT, "median of %d, seconds:%n", REPETITIONS);
        System.out.printf(Locale.ROOT, "  GROUP BY on plain Parquet (tmpfs)                 %.3f%n", median(plainQuery));
        System.out.printf(Locale.ROOT, "  vault open: decrypt + SM3 check into tmpfs        %.3f%n", median(openTimes));
        System.out.printf(Locale.ROOT, "    of which SM4-GCM decryption alone               %.3f%n", median(decryptOnly));
        System.out.printf(Locale.ROOT, "  GROUP BY on the decrypted file                    %.3f%n", median(decryptedQuery));
        System.out.printf(Locale.ROOT, "  first query via vault (open + GROUP BY)           %.3f%n", median(openTimes) + median(decryptedQuery));
        if (duckdbEncrypted != null) {
            System.out.printf(Locale.ROOT, "  GROUP BY on DuckDB modular-encrypted Parquet      %.3f%n", median(duckdbQuery));
        }
        Files.deleteIfExists(plain);
        if (duckdbEncrypted != null) {
            Files.deleteIfExists(duckdbEncrypted);
        }
    }

    /** DuckDB's own encrypted Parquet, written with the unsafe mbedtls writer only for this comparison. */
    private static Path duckDbEncrypted(Path plain, ScratchSpace scratch) {
        Path target = scratch.root().resolve("duckdb-encrypted.parquet");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            statement.execute("SET force_mbedtls_unsafe = 'true'");
            statement.execute("PRAGMA add_parquet_key('k', '0123456789abcdef')");
            statement.execute("COPY (SELECT * FROM read_parquet('" + plain + "')) TO '" + target
                    + "' (FORMAT parquet, COMPRESSION zstd, ENCRYPTION_CONFIG {footer_key: 'k'})");
            return target;
        } catch (SQLException e) {
            System.out.println("DuckDB modular encryption not measured: " + DuckDb.errorKind(e.getMessage()));
            return null;
        }
    }

    private static double decryptWithoutChecksum(MasterKey masterKey, Path encrypted, ScratchSpace scratch, VersionMetadata metadata)
            throws IOException {
        byte[] dataKey = DataKeys.unwrap(masterKey, metadata.wrappedDataKey(), "person", 1);
        Path output = scratch.newFile("decrypt-only", ".parquet");
        long start = System.nanoTime();
        try (InputStream input = new BufferedInputStream(Files.newInputStream(encrypted), 1 << 16);
                OutputStream out = Files.newOutputStream(output)) {
            new ChunkedCipher(dataKey, "person", 1).decrypt(input, out, Digests.none(), Digests.none(), "benchmark");
        } finally {
            Files.deleteIfExists(output);
        }
        return seconds(start);
    }

    private static double query(String sql, String setup) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            statement.execute("SET threads = 2");
            if (setup != null) {
                statement.execute(setup);
            }
            long start = System.nanoTime();
            try (ResultSet result = statement.executeQuery(sql)) {
                int groups = 0;
                while (result.next()) {
                    groups++;
                }
                if (groups != 12) {
                    throw new IllegalStateException("expected 12 districts, got " + groups);
                }
            }
            return seconds(start);
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
