package io.quanyun.catalog.vault;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The quality profile of one version, computed while it was ingested.
 *
 * @param rowCount the number of rows
 * @param fields one profile per schema field, in schema order
 */
public record QualityProfile(long rowCount, List<FieldProfile> fields) {

    public QualityProfile {
        if (rowCount < 0) {
            throw new IllegalArgumentException("rowCount is negative");
        }
        requireNonNull(fields, "fields is null");
        fields = List.copyOf(fields);
    }

    /** @return the profile of the named field, if the schema has it */
    public Optional<FieldProfile> field(String name) {
        return fields.stream().filter(profile -> profile.field().equals(name)).findFirst();
    }
}
