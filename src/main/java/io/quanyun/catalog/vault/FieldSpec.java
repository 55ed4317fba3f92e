package io.quanyun.catalog.vault;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * One field of a dataset schema.
 *
 * @param name the column name: a letter or underscore, then letters, digits or underscores, at
 *     most 64 characters; it must equal the CSV header, XLSX header or Parquet column name
 * @param type the field's type
 * @param nullable whether a row may have no value for the field (an empty CSV or XLSX cell)
 */
public record FieldSpec(String name, FieldType type, boolean nullable) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    public FieldSpec {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("field name must match " + NAME.pattern() + ": " + name);
        }
    }

    /** @return a field that must have a value in every row */
    public static FieldSpec required(String name, FieldType type) {
        return new FieldSpec(name, type, false);
    }

    /** @return a field that may be empty */
    public static FieldSpec optional(String name, FieldType type) {
        return new FieldSpec(name, type, true);
    }
}
