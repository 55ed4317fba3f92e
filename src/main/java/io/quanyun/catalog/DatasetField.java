package io.quanyun.catalog;

import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.relational.core.mapping.Table;

/** One typed, classified field of a dataset, with its declared validity rules. */
@Table("dataset_field")
record DatasetField(String name, String label, String type, boolean nullable, Classification classification,
        PersonalInformation personalInformation, DisclosureRole disclosureRole, boolean privacyUnit,
        @Nullable ValidityRule ruleCheck, @Nullable String rulePattern, @Nullable String ruleMinimum,
        @Nullable String ruleMaximum, @Nullable String ruleAllowed) {

    /** Allowed values are stored joined by this character, which a value may not contain. */
    static final String SEPARATOR = "|";

    static DatasetField of(String name, String label, String type, boolean nullable, Classification classification,
            PersonalInformation personalInformation, DisclosureRole disclosureRole, boolean privacyUnit,
            FieldRules rules) {
        return new DatasetField(name, label, type, nullable, classification, personalInformation, disclosureRole,
                privacyUnit, rules.check(), rules.pattern(), rules.minimum(), rules.maximum(),
                rules.allowedValues().isEmpty() ? null : String.join(SEPARATOR, rules.allowedValues()));
    }

    FieldRules rules() {
        List<String> allowed = ruleAllowed == null || ruleAllowed.isEmpty() ? List.of()
                : Arrays.asList(ruleAllowed.split("\\" + SEPARATOR, -1));
        return new FieldRules(ruleCheck, rulePattern, ruleMinimum, ruleMaximum, allowed);
    }

    DatasetField withRules(FieldRules rules) {
        return of(name, label, type, nullable, classification, personalInformation, disclosureRole, privacyUnit,
                rules);
    }

    FieldDescriptor descriptor() {
        return new FieldDescriptor(name, label, type, classification, personalInformation, disclosureRole,
                privacyUnit, nullable, rules());
    }
}
