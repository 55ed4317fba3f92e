package io.quanyun.catalog;

import org.jspecify.annotations.Nullable;

/** One field as a provider describes it when registering a dataset, with its validity rules (may be null). */
public record FieldSpecification(@Nullable String name, @Nullable String label, @Nullable String type,
        @Nullable Boolean nullable, @Nullable Classification classification,
        @Nullable PersonalInformation personalInformation, @Nullable DisclosureRole disclosureRole,
        @Nullable Boolean privacyUnit, @Nullable FieldRules rules) {

    /** A field without declared rules. */
    public FieldSpecification(@Nullable String name, @Nullable String label, @Nullable String type,
            @Nullable Boolean nullable, @Nullable Classification classification,
            @Nullable PersonalInformation personalInformation, @Nullable DisclosureRole disclosureRole,
            @Nullable Boolean privacyUnit) {
        this(name, label, type, nullable, classification, personalInformation, disclosureRole, privacyUnit, null);
    }
}
