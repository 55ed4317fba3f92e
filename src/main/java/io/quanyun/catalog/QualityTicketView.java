package io.quanyun.catalog;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A quality ticket as its parties and the authority see it.
 *
 * @param fieldName the field concerned, null for the whole dataset
 * @param dueAt when the provider must have settled it (ten days after the report)
 * @param overdue whether it is past due and not settled
 * @param fixedInVersion the dataset version that fixed it, once closed
 */
public record QualityTicketView(UUID id, UUID datasetId, @Nullable String fieldName, String summary,
        String description, TicketState state, UUID reporterOrgId, String reportedBy, Instant reportedAt,
        Instant dueAt, boolean overdue, @Nullable String answer, @Nullable String answeredBy,
        @Nullable Instant answeredAt, @Nullable Integer fixedInVersion, @Nullable String closedBy,
        @Nullable Instant closedAt, @Nullable String rejectionReason) {
}
