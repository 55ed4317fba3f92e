package io.quanyun.sandbox;

import io.quanyun.catalog.vault.DecryptedTable;
import io.quanyun.catalog.vault.MasterKey;
import io.quanyun.catalog.vault.ScratchSpace;
import io.quanyun.catalog.vault.Vault;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;

/**
 * Diagnostics for the benchmark's join: times the raw SQL and the platform's generated SQL, each over the
 * plaintext copy and over the vault's decrypted files, and prints both files' Parquet layout.
 * {@code java ... io.quanyun.sandbox.JoinDiagnosis DIR/people-N "generated sql" [explain]}.
 */
public final class JoinDiagnosis {

    private JoinDiagnosis() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        String generated = args[1];
        boolean explain = args.length > 2;
        String raw = SandboxBenchmark.QUERIES.get("sum income by district (join)");
        Vault vault = new Vault(directory.resolve("vault"), MasterKey.readOrGenerate(directory.resolve("master.key")),
                ScratchSpace.memoryBacked(), Clock.systemUTC());
        try (DecryptedTable person = vault.openCurrent("bench-person");
                DecryptedTable income = vault.openCurrent("bench-income")) {
            Map<String, Path> plain = Map.of("person", directory.resolve("person.parquet"),
                    "income", directory.resolve("income.parquet"));
            Map<String, Path> vaulted = Map.of("person", person.path(), "income", income.path());
            for (var files : Map.of("plain", plain, "vault", vaulted).entrySet()) {
                for (var table : files.getValue().entrySet()) {
                    layout(files.getKey() + " " + table.getKey(), table.getValue());
                }
            }
            for (int run = 0; run < 3; run++) {
                for (var files : Map.of("plain", plain, "vault", vaulted).entrySet()) {
                    for (var sql : Map.of("raw", raw, "generated", generated).entrySet()) {
                        long t = System.nanoTime();
                        String plan = run(files.getValue(), sql.getValue(), explain && run == 2);
                        System.out.printf(Locale.ROOT, "run %d %-5s %-9s %8.1f ms (load %.1f)%n", run, files.getKey(),
                                sql.getKey(), (System.nanoTime() - t) / 1e6, java.lang.management.ManagementFactory
                                        .getOperatingSystemMXBean().getSystemLoadAverage());
                        if (plan != null) {
                            System.out.println(plan);
                        }
                    }
                }
            }
        }
    }

    static void layout(String label, Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(DISTINCT row_group_id), min(row_group_num_rows), "
                        + "max(row_group_num_rows), string_agg(DISTINCT compression, ','), "
                        + "string_agg(DISTINCT path_in_schema || ':' || type, ',') FROM parquet_metadata('" + file
                        + "')")) {
            rs.next();
            System.out.printf(Locale.ROOT, "%-14s %,d bytes, %s row groups of %s..%s rows, %s, %s%n", label,
                    java.nio.file.Files.size(file), rs.getObject(1), rs.getObject(2), rs.getObject(3),
                    rs.getObject(4), rs.getObject(5));
        }
    }

    static String run(Map<String, Path> files, String sql, boolean explain) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("SET threads = " + SandboxBenchmark.THREADS);
            statement.execute("SET memory_limit = '" + SandboxBenchmark.MEMORY + "'");
            for (Map.Entry<String, Path> file : files.entrySet()) {
                statement.execute("CREATE VIEW " + file.getKey() + " AS SELECT * FROM read_parquet('"
                        + file.getValue() + "')");
            }
            var plan = new StringBuilder();
            try (ResultSet rs = statement.executeQuery((explain ? "EXPLAIN ANALYZE " : "") + sql)) {
                while (rs.next()) {
                    if (explain) {
                        plan.append(rs.getString(2));
                    }
                }
            }
            return explain ? plan.toString() : null;
        }
    }
}
