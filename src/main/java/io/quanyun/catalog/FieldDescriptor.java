package io.quanyun.catalog;

import static java.util.Objects.requireNonNull;

/**
 * A dataset's field as other modules see it.
 *
 * @param type one of STRING, INTEGER, DECIMAL, DATE, TIMESTAMP, BOOLEAN
 * @param privacyUnit whether this field identifies the person or enterprise a row is about
 * @param nullable whether a row may leave the field empty; a required field refuses a file with a missing value
 * @param rules the validity rules the provider declared
 */
public record FieldDescriptor(String name, String label, String type, Classification classification,
        PersonalInformation personalInformation, DisclosureRole disclosureRole, boolean privacyUnit, boolean nullable,
        FieldRules rules) {

    public FieldDescriptor {
        requireNonNull(name, "name is null");
        requireNonNull(label, "label is null");
        requireNonNull(type, "type is null");
        requireNonNull(classification, "classification is null");
        requireNonNull(personalInformation, "personalInformation is null");
        requireNonNull(disclosureRole, "disclosureRole is null");
        requireNonNull(rules, "rules is null");
    }

    /** A nullable field without declared rules. */
    public FieldDescriptor(String name, String label, String type, Classification classification,
            PersonalInformation personalInformation, DisclosureRole disclosureRole, boolean privacyUnit) {
        this(name, label, type, classification, personalInformation, disclosureRole, privacyUnit, true,
                FieldRules.NONE);
    }
}
