package io.quanyun.catalog.vault;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prepared version is invisible until published; closing it unpublished deletes it; a crash between the
 * caller's commit and the publication (a child JVM halted) is settled by {@link Vault#recoverPrepared}.
 */
class PreparedVersionTests {

    private static final String PEOPLE = VaultFixture.PERSON_HEADER
            + "370102199001011234,张三,1990-01-31,历下区,12000.50\n";
    private static final String MORE_PEOPLE = PEOPLE + "370103198505052345,李四,,市中区,\n";

    @TempDir
    Path directory;

    private VaultFixture fixture;

    @BeforeEach
    void createVault() {
        fixture = new VaultFixture(directory);
    }

    @AfterEach
    void scratchIsEmpty() throws IOException {
        fixture.assertScratchEmpty();
        fixture.close();
    }

    @Test
    void prepared_isInvisibleUntilPublished() throws Exception {
        fixture.ingestCsv("person", PEOPLE, UTF_8);
        Path csv = fixture.write("more.csv", MORE_PEOPLE, UTF_8);

        try (PreparedVersion prepared = fixture.vault.prepare("person", VaultFixture.PERSON, csv, SourceFormat.CSV,
                IngestionOptions.defaults())) {
            assertThat(prepared.version()).isEqualTo(2);
            assertThat(fixture.vault.versions("person")).containsExactly(1);
            assertThat(fixture.vault.currentVersion("person")).hasValue(1);
            assertThatThrownBy(() -> fixture.vault.open("person", 2)).isInstanceOf(VaultException.class)
                    .extracting(e -> ((VaultException) e).error()).isEqualTo(VaultError.NOT_FOUND);
            try (DecryptedTable table = prepared.open()) {
                assertThat(VaultFixture.query(table, "SELECT count(*) FROM DATA")).containsExactly(List.of("2"));
            }

            prepared.publish();

            assertThat(prepared.isPublished()).isTrue();
        }
        assertThat(fixture.vault.currentVersion("person")).hasValue(2);
        try (DecryptedTable table = fixture.vault.openCurrent("person")) {
            assertThat(VaultFixture.query(table, "SELECT count(*) FROM DATA")).containsExactly(List.of("2"));
        }
        assertThat(entries("person")).containsExactlyInAnyOrder(".lock", "v1", "v2");
    }

    @Test
    void closedUnpublished_isDiscarded_andTheNumberIsReused() throws Exception {
        fixture.ingestCsv("person", PEOPLE, UTF_8);
        Path csv = fixture.write("more.csv", MORE_PEOPLE, UTF_8);

        try (PreparedVersion prepared = fixture.vault.prepare("person", VaultFixture.PERSON, csv, SourceFormat.CSV,
                IngestionOptions.defaults())) {
            assertThat(entries("person")).contains(".prepared-v2");
            // the caller's database write fails here: no publish
        }

        assertThat(entries("person")).containsExactlyInAnyOrder(".lock", "v1");
        assertThat(fixture.vault.currentVersion("person")).hasValue(1);
        assertThat(fixture.vault.ingest("person", VaultFixture.PERSON, csv, SourceFormat.CSV,
                IngestionOptions.defaults()).version()).isEqualTo(2);
    }

    @Test
    void recoverPrepared_afterACrash_publishesWhatWasRecorded_andDiscardsTheRest() throws Exception {
        fixture.ingestCsv("person", PEOPLE, UTF_8);
        fixture.ingestCsv("income", PEOPLE, UTF_8);
        Path csv = fixture.write("more.csv", MORE_PEOPLE, UTF_8);
        Path keyFile = directory.resolve("keys/master.key");

        int recorded = PrepareAndHaltProbe.runInChildJvm(directory, keyFile, "person", csv);
        int notRecorded = PrepareAndHaltProbe.runInChildJvm(directory, keyFile, "income", csv);

        assertThat(entries("person")).contains(".prepared-v2");
        assertThat(fixture.vault.currentVersion("person")).hasValue(1);
        // the crashed process committed person v2 in its database, not income v2
        List<String> settled = fixture.vault.recoverPrepared((dataset, version) -> dataset.equals("person")
                && version == recorded);

        assertThat(recorded).isEqualTo(2);
        assertThat(notRecorded).isEqualTo(2);
        assertThat(settled).containsExactlyInAnyOrder("person v2 published", "income v2 discarded");
        assertThat(entries("person")).containsExactlyInAnyOrder(".lock", "v1", "v2");
        assertThat(entries("income")).containsExactlyInAnyOrder(".lock", "v1");
        try (DecryptedTable table = fixture.vault.openCurrent("person")) {
            assertThat(table.metadata().version()).isEqualTo(2);
            assertThat(VaultFixture.query(table, "SELECT count(*) FROM DATA")).containsExactly(List.of("2"));
        }
        assertThat(fixture.vault.recoverPrepared((dataset, version) -> true)).isEmpty();
    }

    private List<String> entries(String datasetId) throws IOException {
        try (Stream<Path> entries = Files.list(directory.resolve("vault").resolve(datasetId))) {
            return entries.map(path -> path.getFileName().toString()).toList();
        }
    }
}
