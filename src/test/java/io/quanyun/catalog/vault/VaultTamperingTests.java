package io.quanyun.catalog.vault;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way of altering a stored version is detected, and no plaintext is left behind. */
class VaultTamperingTests {

    @TempDir
    Path directory;

    private VaultFixture fixture;
    private Path data;

    @BeforeEach
    void ingestAVersionOfSeveralChunks() throws IOException {
        // small chunks so that the file has many of them
        fixture = new VaultFixture(directory, MasterKey.generateInto(directory.resolve("master.key")), IngestionHook.NONE,
                1_000_000, 1024);
        StringBuilder csv = new StringBuilder(VaultFixture.PERSON_HEADER);
        for (int row = 0; row < 2000; row++) {
            csv.append(String.format("%018d", row * 7919L)).append(",名").append(row).append(",1990-01-01,历下区,").append(row).append('\n');
        }
        fixture.ingestCsv("person", csv.toString(), UTF_8);
        data = fixture.versionDirectory("person", 1).resolve(Vault.DATA_FILE);
        assertThat(Files.size(data)).isGreaterThan(4 * 1024);
    }

    @AfterEach
    void noPlaintextLeftBehind() throws IOException {
        fixture.assertScratchEmpty();
        fixture.close();
    }

    @Test
    void open_untampered_succeeds() {
        try (DecryptedTable table = fixture.vault.open("person", 1)) {
            assertThat(table.metadata().rowCount()).isEqualTo(2000);
        }
    }

    @Test
    void open_withOneCiphertextByteFlipped_isCorrupted() throws IOException {
        for (long position : List.of(20L, Files.size(data) / 2, Files.size(data) - 1)) {
            flipByte(data, position);

            assertCorrupted("failed authentication");

            flipByte(data, position);
        }
        open_untampered_succeeds();
    }

    @Test
    void open_withHeaderAltered_isCorrupted() throws IOException {
        flipByte(data, 0);

        assertCorrupted("no valid header");
    }

    @Test
    void open_truncatedAtAChunkBoundary_isCorrupted() throws IOException {
        long sealedChunk = 1024 + 16;
        truncate(data, 15 + 2 * sealedChunk);

        assertCorrupted("chunk 1 failed authentication");
    }

    @Test
    void open_truncatedMidChunk_isCorrupted() throws IOException {
        truncate(data, Files.size(data) - 100);

        assertCorrupted("failed authentication");
    }

    @Test
    void open_withChunksSwapped_isCorrupted() throws IOException {
        byte[] bytes = Files.readAllBytes(data);
        int sealedChunk = 1024 + 16;
        byte[] first = java.util.Arrays.copyOfRange(bytes, 15, 15 + sealedChunk);
        System.arraycopy(bytes, 15 + sealedChunk, bytes, 15, sealedChunk);
        System.arraycopy(first, 0, bytes, 15 + sealedChunk, sealedChunk);
        Files.write(data, bytes);

        assertCorrupted("chunk 0 failed authentication");
    }

    @Test
    void open_withBytesAppended_isCorrupted() throws IOException {
        Files.write(data, new byte[40], StandardOpenOption.APPEND);

        assertCorrupted("failed authentication");
    }

    @Test
    void open_withAlteredMetadata_isCorrupted() throws IOException {
        Path meta = fixture.versionDirectory("person", 1).resolve(MetadataFiles.METADATA);
        Files.writeString(meta, Files.readString(meta).replace("\"rowCount\" : 2000", "\"rowCount\" : 2001"));

        assertCorrupted("metadata failed authentication");
    }

    @Test
    void open_withVersionFilesCopiedFromAnotherVersion_isCorrupted() throws IOException {
        fixture.ingestCsv("person", VaultFixture.PERSON_HEADER + "1,a,,b,\n", UTF_8);
        Path second = fixture.versionDirectory("person", 2);
        Files.copy(data, second.resolve(Vault.DATA_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> fixture.vault.open("person", 2)).isInstanceOf(VaultCorrupted.class);
    }

    @Test
    void open_withWrongMasterKey_failsAsWrongMasterKey() {
        Vault otherKey = fixture.withMasterKey(MasterKey.generateInto(directory.resolve("other.key")));

        assertThatThrownBy(() -> otherKey.open("person", 1))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.error()).isEqualTo(VaultError.WRONG_MASTER_KEY));
    }

    @Test
    void open_withWrongMasterKeyAndForgedKeyId_failsAuthentication() throws IOException {
        MasterKey other = MasterKey.generateInto(directory.resolve("other.key"));
        Path meta = fixture.versionDirectory("person", 1).resolve(MetadataFiles.METADATA);
        Files.writeString(meta, Files.readString(meta).replace(fixture.masterKey.id(), other.id()));

        assertThatThrownBy(() -> fixture.withMasterKey(other).open("person", 1)).isInstanceOf(VaultCorrupted.class);
    }

    @Test
    void storedFiles_cannotBeReadAsParquetWithoutTheKey() throws Exception {
        for (Path file : fixture.storedFiles()) {
            try (var connection = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                    var statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM read_parquet('" + file + "')"))
                        .as("DuckDB reads %s", file).isInstanceOf(java.sql.SQLException.class);
            }
        }
    }

    private void assertCorrupted(String reason) {
        assertThatThrownBy(() -> fixture.vault.open("person", 1))
                .isInstanceOf(VaultCorrupted.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((VaultException) e).error()).isEqualTo(VaultError.CORRUPTED));
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            channel.read(one, position);
            one.flip();
            byte value = one.get();
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) (value ^ 0x01)}), position);
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }
}
