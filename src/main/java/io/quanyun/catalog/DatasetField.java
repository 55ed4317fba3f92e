package io.quanyun.catalog;

import org.springframework.data.relational.core.mapping.Table;

/** One typed, classified field of a dataset. */
@Table("dataset_field")
record DatasetField(String name, String label, String type, boolean nullable, Classification classification,
        PersonalInformation personalInformation, DisclosureRole disclosureRole, boolean privacyUnit) {

    FieldDescriptor descriptor() {
        return new FieldDescriptor(name, label, type, classification, personalInformation, disclosureRole,
                privacyUnit);
    }
}
