package io.quanyun.authorization;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** An objection; the contact fields are null except for the authority. */
public record ObjectionView(UUID id, UUID callId, UUID applicationId, String text, @Nullable String contactName,
        @Nullable String contactDetails, ObjectionState state, @Nullable String answer, Instant filedAt,
        @Nullable Instant answeredAt) {
}
