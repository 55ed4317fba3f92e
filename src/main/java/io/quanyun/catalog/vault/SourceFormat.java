package io.quanyun.catalog.vault;

/** The format of a file offered for ingestion. */
public enum SourceFormat {
    /** RFC 4180 CSV with a header row, in UTF-8 or GB18030. */
    CSV,
    /** Apache Parquet, read by DuckDB; the column names and types must fit the schema. */
    PARQUET,
    /** Office Open XML workbook; the first sheet is read, its first row is the header. */
    XLSX
}
