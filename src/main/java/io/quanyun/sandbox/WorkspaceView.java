package io.quanyun.sandbox;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A workspace as its members see it.
 *
 * @param tables the granted tables with their columns, types and disclosure roles
 * @param members usernames of the members
 * @param epsilonRemaining the grant's remaining privacy budget (differential privacy mode)
 */
public record WorkspaceView(UUID id, UUID grantId, String scenario, WorkspaceState state, PrivacyMode mode,
        int minimumGroupSize, BigDecimal epsilonPerQuery, BigDecimal epsilonRemaining, List<GrantedTable> tables,
        List<String> members, Instant createdAt) {
}
