package io.quanyun.access;

import java.util.UUID;

/** Event: a scenario request was a rejected request was amended and is a draft again. */
public record ScenarioRequestAmended(UUID requestId, UUID operatorId) {
}
