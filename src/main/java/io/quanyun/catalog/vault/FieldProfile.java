package io.quanyun.catalog.vault;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * Aggregate quality figures of one field of one version. Holds no value of the data except, for
 * ordered fields that are not identifiers, the minimum and maximum.
 *
 * @param field the field name
 * @param nullCount rows without a value
 * @param distinctCount distinct non-null values, exact when {@code distinctExact}, else a
 *     HyperLogLog estimate
 * @param distinctExact whether {@code distinctCount} is exact
 * @param minimum the smallest value as text, or null (identifier fields, unordered types, no values)
 * @param maximum the largest value as text, or null (likewise)
 */
public record FieldProfile(
        String field,
        long nullCount,
        long distinctCount,
        boolean distinctExact,
        @Nullable String minimum,
        @Nullable String maximum) {

    public FieldProfile {
        requireNonNull(field, "field is null");
        if (nullCount < 0 || distinctCount < 0) {
            throw new IllegalArgumentException("counts are not negative");
        }
    }

    /**
     * @param rowCount the version's row count
     * @return the share of rows with a value, 1.0 for an empty version
     */
    public double completeness(long rowCount) {
        return rowCount == 0 ? 1.0 : (double) (rowCount - nullCount) / rowCount;
    }
}
