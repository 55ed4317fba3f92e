package io.quanyun.authorization;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.quanyun.catalog.Classification;
import io.quanyun.catalog.Domain;

/**
 * A call as it may be shown; the portal shows it once published.
 *
 * @param grade the level of a {@link CallMode#GRADED} call (general or important data), null for other modes
 * @param providerConcurredAt when the provider concurred with a {@link CallMode#DOMAIN_SPECIFIC} call, null before
 */
public record CallView(UUID id, String title, String description, CallMode mode, CallState state,
        UUID authorizerId, String authorizerName, UUID authorityId, UUID draftedBy, Instant opensAt,
        Instant closesAt, int noticeDays, int termMonths, List<Criterion> criteria,
        List<RequiredDocument> requirements, List<ScopedDataset> datasets, List<Domain> domains,
        @Nullable String withdrawalReason, Instant createdAt, @Nullable Instant publishedAt,
        @Nullable Instant reviewStartedAt, @Nullable Instant noticeStartsAt, @Nullable Instant noticeEndsAt,
        @Nullable Instant concludedAt, @Nullable Classification grade, @Nullable Instant providerConcurredAt,
        @Nullable String providerConcurredBy) {

    /** Whether the call still waits for its provider's concurrence before the authority may publish it. */
    public boolean awaitsProviderConcurrence() {
        return mode == CallMode.DOMAIN_SPECIFIC && state == CallState.DRAFT && providerConcurredAt == null;
    }
}
