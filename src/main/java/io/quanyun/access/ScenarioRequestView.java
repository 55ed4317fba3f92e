package io.quanyun.access;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A scenario request as shown to its operator, its approvers and the authority.
 *
 * @param decisions every decision of every round, oldest first
 * @param pending the decisions still awaited in the current round (empty unless submitted)
 * @param minimumGroupSize the k the authority set at approval, null for the default
 * @param grantId the grant created on approval, null before
 */
public record ScenarioRequestView(UUID id, UUID agreementId, UUID operatorId, String operatorName,
        UUID authorizerId, String authorizerName, String name, String description, String purpose,
        List<String> intendedProducts, int durationDays, List<RequestedDatasetView> datasets,
        @Nullable String consentPurpose, ScenarioRequestState state, int round, List<DecisionView> decisions,
        List<PendingApproval> pending, @Nullable Integer minimumGroupSize, @Nullable BigDecimal totalEpsilon,
        @Nullable BigDecimal epsilonPerQuery, @Nullable UUID grantId, Instant createdAt, Instant updatedAt) {

    public ScenarioRequestView {
        intendedProducts = List.copyOf(intendedProducts);
        datasets = List.copyOf(datasets);
        decisions = List.copyOf(decisions);
        pending = List.copyOf(pending);
    }

    /** The decisions of the current round. */
    public List<DecisionView> currentDecisions() {
        return decisions.stream().filter(d -> d.round() == round).toList();
    }
}
