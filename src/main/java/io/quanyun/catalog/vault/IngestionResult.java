package io.quanyun.catalog.vault;

import static java.util.Objects.requireNonNull;

/**
 * A successful ingestion: the new version is published and is now the dataset's current one.
 *
 * @param metadata what was recorded about the new version
 */
public record IngestionResult(VersionMetadata metadata) {

    public IngestionResult {
        requireNonNull(metadata, "metadata is null");
    }

    /** @return the dataset */
    public String datasetId() {
        return metadata.datasetId();
    }

    /** @return the new version number */
    public int version() {
        return metadata.version();
    }

    /** @return the number of rows stored */
    public long rowCount() {
        return metadata.rowCount();
    }

    /** @return the quality profile of the new version */
    public QualityProfile quality() {
        return metadata.quality();
    }
}
