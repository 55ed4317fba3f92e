package io.quanyun.catalog.vault;

/**
 * Stable codes of everything the vault refuses or fails at. The names are part of the API: the
 * console, the JSON API and {@code ./quanyun import} show them, so never rename one.
 */
public enum VaultError {

    /** The file is not valid in the declared or detected character set (UTF-8 or GB18030). */
    ENCODING,
    /** The header row (or the Parquet columns) do not name the schema's fields in order. */
    HEADER_MISMATCH,
    /** A row has a different number of values than the schema has fields. */
    COLUMN_COUNT,
    /** A value cannot be read as its field's type. */
    TYPE_ERROR,
    /** A field that is not nullable has no value. */
    MISSING_VALUE,
    /** The uploaded file does not have the checksum its uploader declared. */
    CHECKSUM_MISMATCH,
    /** The file's structure cannot be parsed (unbalanced CSV quotes, a broken XLSX or Parquet file). */
    MALFORMED,
    /** A stored version failed authentication or its checksums: it was altered or truncated. */
    CORRUPTED,
    /** A stored version was encrypted under another master key than the configured one. */
    WRONG_MASTER_KEY,
    /** The dataset or version does not exist. */
    NOT_FOUND,
    /** Ingestion stopped after collecting the maximum number of errors. */
    TOO_MANY_ERRORS,
    /** Reading or writing files failed, or no memory-backed scratch space is available. */
    IO
}
