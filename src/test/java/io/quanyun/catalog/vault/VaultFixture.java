package io.quanyun.catalog.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A vault in a temporary directory with memory-backed scratch space, and helpers for tests. */
final class VaultFixture implements AutoCloseable {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T08:00:00Z"), ZoneOffset.UTC);

    static final DatasetSchema PERSON = DatasetSchema.of(
            FieldSpec.required("id_no", FieldType.STRING),
            FieldSpec.required("name", FieldType.STRING),
            FieldSpec.optional("birth_date", FieldType.DATE),
            FieldSpec.required("district", FieldType.STRING),
            FieldSpec.optional("income", FieldType.DECIMAL));

    static final String PERSON_HEADER = "id_no,name,birth_date,district,income\n";

    final Path dataDirectory;
    final MasterKey masterKey;
    final ScratchSpace scratch;
    final Vault vault;

    VaultFixture(Path dataDirectory) {
        this(dataDirectory, MasterKey.generateInto(dataDirectory.resolve("keys/master.key")), IngestionHook.NONE, 1_000_000,
                ChunkedCipher.DEFAULT_CHUNK_SIZE);
    }

    VaultFixture(Path dataDirectory, MasterKey masterKey, IngestionHook hook, long rowsPerPart, int chunkSize) {
        this.dataDirectory = dataDirectory;
        this.masterKey = masterKey;
        this.scratch = ScratchSpace.memoryBacked();
        this.vault = new Vault(dataDirectory, masterKey, scratch, CLOCK, hook, rowsPerPart, chunkSize);
    }

    /** A second vault on the same directory with another configuration. */
    Vault withMasterKey(MasterKey otherKey) {
        return new Vault(dataDirectory, otherKey, scratch, CLOCK);
    }

    Vault withHook(IngestionHook hook) {
        return new Vault(dataDirectory, masterKey, scratch, CLOCK, hook, 1_000_000, ChunkedCipher.DEFAULT_CHUNK_SIZE);
    }

    Path versionDirectory(String datasetId, int version) {
        return dataDirectory.resolve("vault").resolve(datasetId).resolve("v" + version);
    }

    Path write(String name, String text, Charset charset) throws IOException {
        return Files.write(dataDirectory.resolve(name), text.getBytes(charset));
    }

    IngestionResult ingestCsv(String datasetId, String text, Charset charset) throws IOException {
        return vault.ingest(datasetId, PERSON, write(datasetId + ".csv", text, charset), SourceFormat.CSV,
                IngestionOptions.defaults());
    }

    /** Runs a query over a decrypted table and returns every row as a list of strings. */
    static List<List<String>> query(DecryptedTable table, String selectFromData) throws SQLException {
        String sql = selectFromData.replace("DATA", "read_parquet('" + table.path() + "')");
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int column = 1; column <= meta.getColumnCount(); column++) {
                    row.add(result.getString(column));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Every regular file under the vault directory. */
    List<Path> storedFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dataDirectory.resolve("vault"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int start = 0; start <= haystack.length - needle.length; start++) {
            for (int offset = 0; offset < needle.length; offset++) {
                if (haystack[start + offset] != needle[offset]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Scratch space holds nothing once ingestions ended and tables are closed. */
    void assertScratchEmpty() throws IOException {
        try (Stream<Path> entries = Files.list(scratch.root())) {
            assertThat(entries.toList()).as("plaintext left in scratch space").isEmpty();
        }
    }

    @Override
    public void close() throws IOException {
        SecureFiles.deleteRecursively(scratch.root());
    }
}
