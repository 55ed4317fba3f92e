package io.quanyun.authorization;

import static java.util.Objects.requireNonNull;

import org.springframework.data.relational.core.mapping.Table;

/**
 * An uploaded document of an application, stored inside the platform.
 *
 * @param sm3 the SM3 hash of the content
 * @param storedName the file's name in the platform's store (never the uploaded name)
 */
@Table("application_document")
public record StoredDocument(String requirementCode, String fileName, String contentType, long sizeBytes,
        String sm3, String storedName) {
    public StoredDocument {
        requireNonNull(requirementCode, "requirementCode is null");
        requireNonNull(fileName, "fileName is null");
        requireNonNull(contentType, "contentType is null");
        requireNonNull(sm3, "sm3 is null");
        requireNonNull(storedName, "storedName is null");
    }
}
