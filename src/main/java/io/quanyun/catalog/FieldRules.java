package io.quanyun.catalog;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The validity rules a provider declares for a field, part of the dataset's schema. The quality profile of every
 * version counts the present values that break any of them ({@link FieldQuality#invalidCount()}); a field that
 * is not nullable is moreover required at ingestion (a missing value refuses the file with its line number).
 *
 * @param check a national check: {@link ValidityRule#ID_CARD_NUMBER} (GB 11643), {@link ValidityRule#CREDIT_CODE}
 *     (GB 32100), {@link ValidityRule#PHONE}, {@link ValidityRule#GENDER} for text fields;
 *     {@link ValidityRule#DATE_RANGE} (1900 up to today) for dates and integer years; null for none
 * @param pattern a regular expression the whole text must match (RE2 syntax, as DuckDB's
 *     {@code regexp_full_match}); text fields only; null for none
 * @param minimum the smallest valid value (a number, or a date {@code yyyy-MM-dd}); null for none
 * @param maximum the largest valid value (a number, a date, or {@code today}); null for none
 * @param allowedValues the only valid values of a text field; empty for any
 */
public record FieldRules(@Nullable ValidityRule check, @Nullable String pattern, @Nullable String minimum,
        @Nullable String maximum, List<String> allowedValues) {

    /** No rule. */
    public static final FieldRules NONE = new FieldRules(null, null, null, null, List.of());

    public FieldRules {
        pattern = blankToNull(pattern);
        minimum = blankToNull(minimum);
        maximum = blankToNull(maximum);
        List<String> values = new ArrayList<>();
        if (allowedValues != null) {
            for (String value : allowedValues) {
                if (value != null && !value.isBlank()) {
                    values.add(value.trim());
                }
            }
        }
        allowedValues = List.copyOf(values);
    }

    /** @return rules with only a national check */
    public static FieldRules of(ValidityRule check) {
        return new FieldRules(check, null, null, null, List.of());
    }

    /** @return whether no rule is declared */
    public boolean declaresNone() {
        return check == null && pattern == null && minimum == null && maximum == null && allowedValues.isEmpty();
    }

    /** @return the rules in one line, e.g. {@code ID_CARD_NUMBER; 1900-01-01..today; in {男, 女}} */
    public String summary() {
        String constraints = constraints();
        if (check == null) {
            return constraints;
        }
        return constraints.isEmpty() ? check.name() : check.name() + "; " + constraints;
    }

    /** @return the rules but the national check in one line, e.g. {@code 1900-01-01..today; in {男, 女}} */
    public String constraints() {
        List<String> parts = new ArrayList<>();
        if (pattern != null) {
            parts.add("pattern " + pattern);
        }
        if (minimum != null || maximum != null) {
            parts.add((minimum == null ? "" : minimum) + ".." + (maximum == null ? "" : maximum));
        }
        if (!allowedValues.isEmpty()) {
            parts.add("in {" + String.join(", ", allowedValues) + "}");
        }
        return String.join("; ", parts);
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
