package io.quanyun.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.quanyun.audit.AuditTrail;
import io.quanyun.catalog.vault.DatasetSchema;
import io.quanyun.catalog.vault.DecryptedTable;
import io.quanyun.catalog.vault.FieldSpec;
import io.quanyun.catalog.vault.FieldType;
import io.quanyun.catalog.vault.IngestionOptions;
import io.quanyun.catalog.vault.MasterKey;
import io.quanyun.catalog.vault.ScratchSpace;
import io.quanyun.catalog.vault.SourceFormat;
import io.quanyun.catalog.vault.Vault;
import io.quanyun.support.PlatformTest;

/**
 * {@code ./quanyun vault rotate-key} on a development data directory of its own: the data keys are rewrapped,
 * the key file is replaced, consent subject hashes stay the same, and the rotation is audited.
 */
@PlatformTest
class RotateMasterKeyCommandLineTests {

    @TempDir Path data;
    @Autowired AuditTrail audit;
    @Autowired JdbcClient jdbc;

    @Test
    void rotateKey_rewrapsTheVault_replacesTheDevelopmentKey_andKeepsSubjectHashes() throws Exception {
        Path keyFile = data.resolve("keys/master.key");
        MasterKey current = MasterKey.generateInto(keyFile);
        ScratchSpace scratch = ScratchSpace.memoryBacked();
        Vault vault = new Vault(data, current, scratch, Clock.systemUTC());
        Path csv = Files.writeString(data.resolve("p.csv"), "id_no\n370102199001011234\n");
        vault.ingest("person", DatasetSchema.of(FieldSpec.required("id_no", FieldType.STRING)), csv, SourceFormat.CSV,
                IngestionOptions.defaults());
        String hashBefore = new SubjectHash(vault.subjectHashKey()).of("370102199001011234");
        byte[] secret = new byte[MasterKey.LENGTH];
        new SecureRandom().nextBytes(secret);
        String nextBase64 = Base64.getEncoder().encodeToString(secret);
        MasterKey next = MasterKey.fromBase64(nextBase64);

        int exit = new RotateMasterKeyCommandLine(data.toString(), current, "", nextBase64, audit, null).rotate();

        assertThat(exit).isZero();
        assertThat(Files.readString(keyFile, StandardCharsets.US_ASCII).strip()).isEqualTo(nextBase64);
        assertThat(MasterKey.readFrom(keyFile).id()).isEqualTo(next.id());
        Vault rotated = new Vault(data, MasterKey.readFrom(keyFile), scratch, Clock.systemUTC());
        try (DecryptedTable table = rotated.openCurrent("person")) {
            assertThat(table.metadata().masterKeyId()).isEqualTo(next.id());
        }
        assertThat(new SubjectHash(rotated.subjectHashKey()).of("370102199001011234")).isEqualTo(hashBefore);
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'catalog.vault.rotate-master-key'"
                + " and object_id = :id and outcome = 'SUCCESS'").param("id", next.id()).query(Long.class).single())
                .isEqualTo(1);

        // the same key again is a wrong command, and a key that is not Base64 of 32 bytes too
        assertThat(new RotateMasterKeyCommandLine(data.toString(), next, "", nextBase64, audit, null).rotate())
                .isEqualTo(2);
        assertThat(new RotateMasterKeyCommandLine(data.toString(), next, "", "not-a-key", audit, null).rotate())
                .isEqualTo(2);
        Files.walk(scratch.root()).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
}
