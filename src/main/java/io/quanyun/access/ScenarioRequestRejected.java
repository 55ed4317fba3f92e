package io.quanyun.access;

import java.util.UUID;

/** Event: the authority or a provider rejected a scenario request, with a reason. */
public record ScenarioRequestRejected(UUID requestId, UUID operatorId, ApprovalParty party, String reason) {
}
