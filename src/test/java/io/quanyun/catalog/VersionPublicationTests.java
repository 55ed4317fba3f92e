package io.quanyun.catalog;

import static io.quanyun.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.quanyun.catalog.vault.DecryptedTable;
import io.quanyun.catalog.vault.PrepareAndHaltProbe;
import io.quanyun.catalog.vault.Vault;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.support.PlatformTest;

/**
 * The catalog records a version before the vault publishes it: a failed database write leaves no orphaned
 * version, and a crash after the commit is settled at startup by {@link VaultRecovery}.
 */
@PlatformTest
class VersionPublicationTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired CatalogManagement catalog;
    @Autowired Vault vault;
    @Autowired VaultRecovery recovery;
    @Value("${quanyun.data-dir}") String dataDirectory;

    @Test
    void ingest_whenTheDatabaseWriteFails_leavesNoVersionInTheVault_andTheCurrentOneServes() throws Exception {
        UUID id = CatalogIngestionTests.publish(mvc, "pub_fail_" + suffix());
        CatalogIngestionTests.upload(mvc, id, CatalogIngestionTests.goodCsv(), 201);
        // a row that makes the catalog's insert of version 2 fail (duplicate key), as a failing database would
        insertVersionRow(id, 2);
        try {
            mvc.perform(post("/api/v1/catalog/datasets/" + id + "/versions")
                    .header("Authorization", bearer(mvc, "provider-tax")).contentType("text/csv")
                    .content(CatalogIngestionTests.goodCsv().getBytes(StandardCharsets.UTF_8)))
                    .andExpect(status().is5xxServerError())
                    .andExpect(jsonPath("$.code").value("ingestion_failed"));

            assertThat(vault.versions(id.toString())).containsExactly(1);
            try (Stream<Path> entries = Files.list(Path.of(dataDirectory, "vault", id.toString()))) {
                assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".prepared"));
            }
            assertThat(Actors.runAs(Actor.system(), () -> catalog.dataset(id).currentVersion())).isEqualTo(1);
            assertThat(jdbc.sql("select count(*) from audit_entry where action = 'catalog.dataset.ingest'"
                    + " and object_id = :id and outcome = 'REFUSED' and reason like 'ingestion_failed%'")
                    .param("id", id.toString()).query(Long.class).single()).isEqualTo(1);
        } finally {
            jdbc.sql("delete from dataset_version where dataset_id = :id and version = 2").param("id", id).update();
        }
        // once the database works again, the next ingestion takes the same number
        CatalogIngestionTests.upload(mvc, id, CatalogIngestionTests.goodCsv(), 201);
        assertThat(vault.versions(id.toString())).containsExactly(1, 2);
    }

    @Test
    void crashAfterTheCommit_isPublishedAtStartup_andAnUnrecordedVersionIsDiscarded() throws Exception {
        UUID recorded = CatalogIngestionTests.publish(mvc, "pub_crash_" + suffix());
        UUID unrecorded = CatalogIngestionTests.publish(mvc, "pub_lost_" + suffix());
        CatalogIngestionTests.upload(mvc, recorded, CatalogIngestionTests.goodCsv(), 201);
        Path csv = Files.writeString(Files.createTempFile("prepared", ".csv"),
                "id_no,name,birth_date,district,income\n370102199001011234,张三,1990-01-31,历下区,12000.50\n");
        Path keyFile = Path.of(dataDirectory).toAbsolutePath().resolve("keys/master.key");
        Path data = Path.of(dataDirectory).toAbsolutePath();

        // a process prepared both versions, committed the first one's row and was killed before publishing
        int version = PrepareAndHaltProbe.runInChildJvm(data, keyFile, recorded.toString(), csv);
        int lost = PrepareAndHaltProbe.runInChildJvm(data, keyFile, unrecorded.toString(), csv);
        insertVersionRow(recorded, version);
        assertThat(vault.currentVersion(recorded.toString())).hasValue(1);

        var settled = recovery.settle();

        assertThat(version).isEqualTo(2);
        assertThat(lost).isEqualTo(1);
        assertThat(settled).contains(recorded + " v2 published", unrecorded + " v1 discarded");
        assertThat(vault.currentVersion(recorded.toString())).hasValue(2);
        try (DecryptedTable table = vault.open(recorded.toString(), 2)) {
            assertThat(table.metadata().rowCount()).isEqualTo(1);
        }
        assertThat(vault.versions(unrecorded.toString())).isEmpty();
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'catalog.vault.recover'"
                + " and object_id = :id").param("id", recorded.toString()).query(Long.class).single()).isEqualTo(1);
        Files.delete(csv);
    }

    private void insertVersionRow(UUID id, int version) {
        jdbc.sql("""
                insert into dataset_version (dataset_id, version, row_count, source_format, source_sha256,
                    plaintext_sm3, ciphertext_sm3, ciphertext_bytes, created_at, created_by, quality)
                values (:id, :version, 1, 'CSV', 'x', 'x', 'x', 1, :at, 'test', '{"rowCount":1,"fields":[]}')
                """).param("id", id).param("version", version).param("at", OffsetDateTime.now()).update();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
