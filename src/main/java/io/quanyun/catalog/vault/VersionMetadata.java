package io.quanyun.catalog.vault;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What the vault records about one immutable dataset version ({@code meta.json} beside the
 * encrypted file). Contains no data value; the data key is only present wrapped under the
 * master key, so the application may also store this record in its database.
 *
 * @param datasetId the dataset
 * @param version the version number, from 1
 * @param createdAt when the version was written
 * @param sourceFormat the format of the ingested file
 * @param sourceSha256 SHA-256 of the ingested file's bytes (hex)
 * @param rowCount the number of rows
 * @param schema the schema the rows were checked against
 * @param cipher the at-rest format, {@value #CIPHER}
 * @param plaintextBytes size of the plaintext Parquet file
 * @param plaintextSm3 SM3 of the plaintext Parquet file (hex)
 * @param ciphertextBytes size of the encrypted file
 * @param ciphertextSm3 SM3 of the encrypted file (hex)
 * @param masterKeyId the id of the master key that wraps the data key
 * @param wrappedDataKey the data key, SM4-GCM wrapped under the master key (Base64 of IV,
 *     ciphertext and tag)
 * @param quality the quality profile
 */
public record VersionMetadata(
        String datasetId,
        int version,
        Instant createdAt,
        SourceFormat sourceFormat,
        String sourceSha256,
        long rowCount,
        DatasetSchema schema,
        String cipher,
        long plaintextBytes,
        String plaintextSm3,
        long ciphertextBytes,
        String ciphertextSm3,
        String masterKeyId,
        String wrappedDataKey,
        QualityProfile quality) {

    /** The name of the at-rest format: Parquet (zstd) in SM4-GCM chunks of 1 MiB. */
    public static final String CIPHER = "SM4-GCM-CHUNKED-V1";

    public VersionMetadata {
        DatasetIds.requireValid(datasetId);
        if (version < 1) {
            throw new IllegalArgumentException("versions start at 1");
        }
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(sourceFormat, "sourceFormat is null");
        requireNonNull(sourceSha256, "sourceSha256 is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(cipher, "cipher is null");
        requireNonNull(plaintextSm3, "plaintextSm3 is null");
        requireNonNull(ciphertextSm3, "ciphertextSm3 is null");
        requireNonNull(masterKeyId, "masterKeyId is null");
        requireNonNull(wrappedDataKey, "wrappedDataKey is null");
        requireNonNull(quality, "quality is null");
        if (rowCount < 0 || plaintextBytes < 0 || ciphertextBytes < 0) {
            throw new IllegalArgumentException("counts and sizes are not negative");
        }
    }
}
