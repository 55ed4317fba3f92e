package io.quanyun.supervision;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A rectification order as shown; its steps are the report of each outcome to the authority.
 *
 * @param campaignId the failed evaluation campaign, null for an order issued directly
 * @param content null while proposed
 * @param deadline null while proposed
 */
public record RectificationView(UUID id, UUID authorizerId, UUID operatorId, @Nullable UUID campaignId,
        String reason, @Nullable String content, @Nullable Instant deadline, RectificationState state,
        @Nullable String evidence, Instant createdAt, Instant updatedAt, List<Step> steps) {

    /** One step of the history. */
    public record Step(RectificationState state, String actor, @Nullable String note, Instant occurredAt) {
    }
}
