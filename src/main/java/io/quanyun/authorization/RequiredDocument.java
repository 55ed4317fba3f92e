package io.quanyun.authorization;

import static java.util.Objects.requireNonNull;

import org.springframework.data.relational.core.mapping.Table;

/**
 * An item of a call's eligibility checklist.
 *
 * @param code the key under which an applicant uploads the document ({@code business_licence})
 * @param required whether an application without it is refused
 */
@Table("call_requirement")
public record RequiredDocument(String code, String label, boolean required) {
    public RequiredDocument {
        requireNonNull(code, "code is null");
        requireNonNull(label, "label is null");
    }
}
