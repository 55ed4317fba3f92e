package io.quanyun.catalog;

import java.util.List;
import java.util.Optional;

/**
 * The quality profile of one dataset version: its row count and one {@link FieldQuality} per field, in schema
 * order. Holds aggregates only, never a value of an identifier or a sensitive attribute.
 */
public record VersionQuality(long rowCount, List<FieldQuality> fields) {

    public VersionQuality {
        fields = List.copyOf(fields);
    }

    public Optional<FieldQuality> field(String name) {
        return fields.stream().filter(f -> f.field().equals(name)).findFirst();
    }
}
