package io.quanyun.access;

import java.util.UUID;

/** Event: a scenario request was withdrawn by its operator. */
public record ScenarioRequestWithdrawn(UUID requestId, UUID operatorId) {
}
