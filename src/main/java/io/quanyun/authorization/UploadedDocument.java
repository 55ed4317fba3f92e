package io.quanyun.authorization;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * A document as uploaded with an application.
 *
 * @param requirementCode the checklist item it answers
 * @param declaredType the content type the uploader declared; the content must match it
 */
public record UploadedDocument(String requirementCode, @Nullable String fileName, @Nullable String declaredType,
        byte[] content) {
    public UploadedDocument {
        requireNonNull(requirementCode, "requirementCode is null");
        requireNonNull(content, "content is null");
    }
}
