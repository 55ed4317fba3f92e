package io.quanyun.catalog;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A dataset as other modules see it: metadata only, never a value.
 *
 * @param code the table name operators use in SQL ({@code person}, {@code income})
 * @param currentVersion the version that serves now, null before the first ingestion
 */
public record DatasetDescriptor(UUID id, String code, String name, String description, UUID providerId,
        Set<Domain> domains, DatasetState state, List<FieldDescriptor> fields, @Nullable Integer currentVersion) {

    public DatasetDescriptor {
        domains = Set.copyOf(domains);
        fields = List.copyOf(fields);
    }

    public Optional<FieldDescriptor> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    /** The strictest classification of its fields. */
    public Classification classification() {
        return fields.stream().map(FieldDescriptor::classification).max(Enum::compareTo)
                .orElse(Classification.GENERAL);
    }

    public boolean containsCoreData() {
        return classification() == Classification.CORE;
    }

    public boolean containsSensitivePersonalInformation() {
        return fields.stream().anyMatch(f -> f.personalInformation() == PersonalInformation.SENSITIVE);
    }

    public Optional<FieldDescriptor> privacyUnit() {
        return fields.stream().filter(FieldDescriptor::privacyUnit).findFirst();
    }
}
