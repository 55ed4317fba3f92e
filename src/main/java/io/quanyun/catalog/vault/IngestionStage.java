package io.quanyun.catalog.vault;

/** Points in an ingestion where tests may simulate a crash. */
enum IngestionStage {
    /** The plaintext Parquet file is complete in scratch space. */
    PLAINTEXT_WRITTEN,
    /** The encrypted file is complete in the staging directory. */
    ENCRYPTED,
    /** The metadata is written; the staging directory is about to be renamed to the version. */
    BEFORE_PUBLISH
}
