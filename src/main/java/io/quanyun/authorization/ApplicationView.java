package io.quanyun.authorization;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** An application as its applicant and the authority see it. */
public record ApplicationView(UUID id, UUID callId, UUID organizationId, String organizationName,
        @Nullable String legalRepresentative, String scenarios, ApplicationState state, Instant submittedAt,
        @Nullable Instant decidedAt, List<StoredDocument> documents) {
}
