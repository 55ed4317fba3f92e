package io.quanyun.access;

import java.util.UUID;

/** Event: every party approved a scenario request; the grant was created. */
public record ScenarioRequestApproved(UUID requestId, UUID operatorId, UUID grantId) {
}
