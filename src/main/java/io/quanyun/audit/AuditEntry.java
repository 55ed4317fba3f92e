package io.quanyun.audit;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/** One stored entry of the log, as auditors see it. */
public record AuditEntry(long sequence, OffsetDateTime occurredAt, String actor, @Nullable String organizationId,
        String organizationName, String roles, @Nullable String clientAddress, String action, String objectType,
        String objectId, Outcome outcome, @Nullable String reason, String details, String previousHash,
        String hash) {
}
