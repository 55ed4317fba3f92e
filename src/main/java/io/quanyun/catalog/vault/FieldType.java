package io.quanyun.catalog.vault;

/**
 * The type of a dataset field, and how the vault stores it in Parquet (DuckDB type names).
 */
public enum FieldType {

    /** Text, stored as {@code VARCHAR}. */
    STRING("VARCHAR"),
    /** A whole number in 64 bits, stored as {@code BIGINT}. */
    INTEGER("BIGINT"),
    /**
     * An exact decimal, stored as {@code DECIMAL(38,10)}: up to 28 digits before and 10 after the
     * point; a value with more is refused, never rounded.
     */
    DECIMAL("DECIMAL(38,10)"),
    /** A calendar date ({@code 2024-01-31} or {@code 2024/1/31}), stored as {@code DATE}. */
    DATE("DATE"),
    /**
     * A local date and time without zone ({@code 2024-01-31 08:30:00[.fraction]}, {@code T}
     * also accepted), stored as {@code TIMESTAMP} (microseconds).
     */
    TIMESTAMP("TIMESTAMP"),
    /** {@code true/false}, {@code 1/0}, {@code yes/no} or {@code 是/否}, stored as {@code BOOLEAN}. */
    BOOLEAN("BOOLEAN");

    /** Digits after the decimal point of {@link #DECIMAL}. */
    public static final int DECIMAL_SCALE = 10;
    /** Total digits of {@link #DECIMAL}. */
    public static final int DECIMAL_PRECISION = 38;

    private final String storageType;

    FieldType(String storageType) {
        this.storageType = storageType;
    }

    /** @return the DuckDB type the field has in the stored Parquet file */
    public String storageType() {
        return storageType;
    }

    boolean isOrdered() {
        return this == INTEGER || this == DECIMAL || this == DATE || this == TIMESTAMP;
    }
}
