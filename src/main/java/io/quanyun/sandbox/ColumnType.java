package io.quanyun.sandbox;

/**
 * The type of a granted column as the sandbox sees it. The engine stores the same types in Parquet.
 */
public enum ColumnType {
    /** Character data. */
    TEXT,
    /** 64-bit signed integer. */
    INTEGER,
    /** Double precision floating point number. */
    DOUBLE,
    /** Calendar date without time. */
    DATE,
    /** Date and time without time zone. */
    TIMESTAMP,
    /** True or false. */
    BOOLEAN;

    /** Whether values of this type may be summed or averaged. */
    public boolean isNumeric() {
        return this == INTEGER || this == DOUBLE;
    }
}
