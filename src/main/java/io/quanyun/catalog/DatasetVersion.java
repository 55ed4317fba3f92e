package io.quanyun.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/**
 * One immutable version of a dataset in the vault, as the catalog records it.
 *
 * @param sourceFormat CSV, PARQUET or XLSX
 * @param sourceSha256 SHA-256 of the ingested file (hex)
 * @param ciphertextSm3 SM3 of the encrypted file at rest (hex)
 * @param createdBy the user name of who ingested it ({@code system} for the platform)
 */
public record DatasetVersion(UUID datasetId, int version, long rowCount, String sourceFormat, String sourceSha256,
        String ciphertextSm3, Instant createdAt, String createdBy, VersionQuality quality) {

    public DatasetVersion {
        requireNonNull(datasetId, "datasetId is null");
        requireNonNull(quality, "quality is null");
    }

    /** @return the id under which the vault keeps the dataset's versions: the dataset id as text */
    public static String vaultId(UUID datasetId) {
        return datasetId.toString();
    }
}
