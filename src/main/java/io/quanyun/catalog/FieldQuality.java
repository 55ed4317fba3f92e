package io.quanyun.catalog;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * Quality figures of one field of one version: aggregates only. A range is shown only for plain attributes,
 * and for quasi-identifying dates only as years; never for identifiers or sensitive attributes.
 *
 * @param completeness share of rows with a value (0 to 1)
 * @param distinctExact whether {@code distinctCount} is exact (else a HyperLogLog estimate)
 * @param rule the national check declared, null when none
 * @param rules all declared rules in one line ({@link FieldRules#summary()}), null when none is declared
 * @param invalidCount present values that break a declared rule, null when none is declared
 * @param validity share of present values that keep every declared rule (0 to 1), null when none is declared
 * @param duplicateCount for the privacy unit: rows whose value repeats an earlier row's; null for other fields
 * @param minimum the smallest value or year, null when not shown
 * @param maximum the largest value or year, null when not shown
 */
public record FieldQuality(String field, long nullCount, double completeness, long distinctCount, boolean distinctExact,
        @Nullable ValidityRule rule, @Nullable Long invalidCount, @Nullable Double validity,
        @Nullable Long duplicateCount, @Nullable String minimum, @Nullable String maximum, @Nullable String rules) {

    public FieldQuality {
        requireNonNull(field, "field is null");
    }

    /** @return the declared rules but the national check ({@link #rule()}), empty when there are none */
    public String constraints() {
        if (rules == null) {
            return "";
        }
        if (rule != null && rules.startsWith(rule.name())) {
            String rest = rules.substring(rule.name().length());
            return rest.startsWith("; ") ? rest.substring(2) : rest;
        }
        return rules;
    }

    /** @return whether the field is the privacy unit and no value repeats */
    public boolean unique() {
        return duplicateCount != null && duplicateCount == 0;
    }
}
