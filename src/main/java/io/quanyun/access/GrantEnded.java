package io.quanyun.access;

import java.util.UUID;

/** Event: a grant ended (expiry, agreement ended, dataset withdrawn, revocation). Final. */
public record GrantEnded(UUID grantId, UUID operatorId, String reason) {
}
