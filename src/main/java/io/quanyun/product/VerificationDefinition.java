package io.quanyun.product;

import static java.util.Objects.requireNonNull;

/**
 * The question of a verification product: "does the subject (by {@code subjectField}) have a row whose
 * {@code attributeField} compares to the caller's input?", over one granted dataset.
 *
 * @param datasetCode the granted dataset, e.g. {@code person}
 * @param subjectField the identifier field callers supply, e.g. {@code id_no}
 * @param attributeField the granted field the answer depends on, e.g. {@code district}
 */
public record VerificationDefinition(String datasetCode, String subjectField, String attributeField,
        VerificationComparison comparison) {

    public VerificationDefinition {
        requireNonNull(datasetCode, "datasetCode is null");
        requireNonNull(subjectField, "subjectField is null");
        requireNonNull(attributeField, "attributeField is null");
        requireNonNull(comparison, "comparison is null");
    }
}
