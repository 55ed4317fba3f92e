package io.quanyun.catalog.vault;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ordered fields of a dataset: the header a file must have and the columns of the stored
 * Parquet file.
 *
 * @param fields at least one field; names unique regardless of case (DuckDB identifiers are
 *     case-insensitive)
 */
public record DatasetSchema(List<FieldSpec> fields) {

    public DatasetSchema {
        requireNonNull(fields, "fields is null");
        fields = List.copyOf(fields);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a schema has at least one field");
        }
        Set<String> seen = new HashSet<>();
        for (FieldSpec field : fields) {
            if (!seen.add(field.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("duplicate field name: " + field.name());
            }
        }
    }

    /** @return a schema of the given fields, in order */
    public static DatasetSchema of(FieldSpec... fields) {
        return new DatasetSchema(List.of(fields));
    }

    /** @return the field names, in order */
    public List<String> fieldNames() {
        return fields.stream().map(FieldSpec::name).collect(Collectors.toUnmodifiableList());
    }

    /** @return the number of fields */
    public int size() {
        return fields.size();
    }

    /** @return whether a field of that exact name exists */
    public boolean hasField(String name) {
        return fields.stream().anyMatch(field -> field.name().equals(name));
    }
}
