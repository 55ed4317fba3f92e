package io.quanyun.access;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One party's decision on a request.
 *
 * @param round the review round; a resubmission after amendment starts a new one
 * @param reason required for a rejection, optional for an approval
 */
public record DecisionView(int round, ApprovalParty party, UUID organizationId, String organizationName,
        ApprovalOutcome outcome, @Nullable String reason, String decidedBy, Instant decidedAt) {
}
