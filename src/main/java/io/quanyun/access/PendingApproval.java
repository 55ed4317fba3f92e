package io.quanyun.access;

import org.jspecify.annotations.Nullable;

import java.util.UUID;

/**
 * A decision still awaited in the current round.
 *
 * @param organizationId the provider; null for the authority, where any qualified authority decides
 */
public record PendingApproval(ApprovalParty party, @Nullable UUID organizationId, String organizationName) {
}
