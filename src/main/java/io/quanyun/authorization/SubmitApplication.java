package io.quanyun.authorization;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Applies to a call with a declaration of the intended scenarios and the checklist's documents. */
public record SubmitApplication(UUID callId, @Nullable String scenarios, List<UploadedDocument> documents) {
    public SubmitApplication {
        documents = List.copyOf(documents);
    }
}
