package io.quanyun.catalog.vault;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master-key rotation rewraps every data key and the subject-hash key: the versions open under the new key
 * only, with the same data; the subject-hash key (and so every stored consent hash) is unchanged; an interrupted
 * rotation resumes.
 */
class MasterKeyRotationTests {

    private static final String PEOPLE = VaultFixture.PERSON_HEADER
            + "370102199001011234,张三,1990-01-31,历下区,12000.50\n"
            + "370103198505052345,李四,,市中区,\n";

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
    void rotate_rewrapsEveryDataKey_andKeepsTheSubjectHashKey() throws Exception {
        fixture.ingestCsv("person", PEOPLE, UTF_8);
        fixture.ingestCsv("person", PEOPLE, UTF_8);
        fixture.ingestCsv("income", PEOPLE, UTF_8);
        byte[] hashKeyBefore = fixture.vault.subjectHashKey();
        byte[] dataBefore = Files.readAllBytes(fixture.versionDirectory("person", 2).resolve(Vault.DATA_FILE));
        MasterKey next = newKey();

        MasterKeyRotation.Report report = MasterKeyRotation.rotate(directory, fixture.masterKey, next);

        assertThat(report).isEqualTo(new MasterKeyRotation.Report(3, 0, true));
        Vault rotated = fixture.withMasterKey(next);
        assertThat(rotated.subjectHashKey()).isEqualTo(hashKeyBefore);
        for (String dataset : List.of("person", "income")) {
            for (int version : rotated.versions(dataset)) {
                try (DecryptedTable table = rotated.open(dataset, version)) {
                    assertThat(table.metadata().masterKeyId()).isEqualTo(next.id());
                    assertThat(VaultFixture.query(table, "SELECT id_no FROM DATA ORDER BY id_no")).containsExactly(
                            List.of("370102199001011234"), List.of("370103198505052345"));
                }
            }
        }
        // the data files are untouched: only the wrapping changed
        assertThat(Files.readAllBytes(fixture.versionDirectory("person", 2).resolve(Vault.DATA_FILE)))
                .isEqualTo(dataBefore);
        assertThatThrownBy(() -> fixture.vault.open("person", 1)).isInstanceOf(VaultException.class)
                .extracting(e -> ((VaultException) e).error()).isEqualTo(VaultError.WRONG_MASTER_KEY);
        assertThatThrownBy(() -> fixture.vault.subjectHashKey()).isInstanceOf(VaultException.class)
                .extracting(e -> ((VaultException) e).error()).isEqualTo(VaultError.WRONG_MASTER_KEY);
        // new versions are written under the new key and the next rotation starts from it
        assertThat(rotated.ingest("person", VaultFixture.PERSON, fixture.write("p.csv", PEOPLE, UTF_8),
                SourceFormat.CSV, IngestionOptions.defaults()).metadata().masterKeyId()).isEqualTo(next.id());
        assertThat(MasterKeyRotation.rotate(directory, next, newKey()).rewrapped()).isEqualTo(4);
    }

    @Test
    void interruptedRotation_resumes_whenRunAgainWithTheSameKeys() throws Exception {
        fixture.ingestCsv("person", PEOPLE, UTF_8);
        fixture.ingestCsv("person", PEOPLE, UTF_8);
        byte[] hashKeyBefore = fixture.vault.subjectHashKey();
        MasterKey next = newKey();
        int[] calls = {0};

        assertThatThrownBy(() -> MasterKeyRotation.rotate(directory, fixture.masterKey, next, version -> {
            if (++calls[0] == 2) {
                throw new IllegalStateException("simulated crash after the .next files of the second version");
            }
        })).hasMessageContaining("simulated crash");
        // one version is under the new key, the other has its .next files beside the old ones
        long pending;
        try (var files = Files.walk(directory.resolve("vault"))) {
            pending = files.filter(p -> p.getFileName().toString().endsWith(".next")).count();
        }
        assertThat(pending).isEqualTo(2);

        MasterKeyRotation.Report report = MasterKeyRotation.rotate(directory, fixture.masterKey, next);

        assertThat(report.rewrapped() + report.alreadyRotated()).isEqualTo(2);
        assertThat(report.alreadyRotated()).isEqualTo(1);
        Vault rotated = fixture.withMasterKey(next);
        for (int version : List.of(1, 2)) {
            try (DecryptedTable table = rotated.open("person", version)) {
                assertThat(table.metadata().rowCount()).isEqualTo(2);
            }
        }
        assertThat(rotated.subjectHashKey()).isEqualTo(hashKeyBefore);
        assertThat(MasterKeyRotation.rotate(directory, fixture.masterKey, next))
                .isEqualTo(new MasterKeyRotation.Report(0, 2, false));
    }

    @Test
    void rotate_toTheSameKey_isRefused() {
        assertThatThrownBy(() -> MasterKeyRotation.rotate(directory, fixture.masterKey, fixture.masterKey))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static MasterKey newKey() {
        byte[] secret = new byte[MasterKey.LENGTH];
        new java.security.SecureRandom().nextBytes(secret);
        return MasterKey.fromBase64(Base64.getEncoder().encodeToString(secret));
    }
}
