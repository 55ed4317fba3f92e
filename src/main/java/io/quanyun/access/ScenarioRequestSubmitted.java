package io.quanyun.access;

import java.util.UUID;

/** Event: a scenario request was submitted for dual approval. */
public record ScenarioRequestSubmitted(UUID requestId, UUID operatorId) {
}
