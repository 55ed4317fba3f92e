package io.quanyun.access;

import java.util.UUID;

/** Event: a grant was suspended; every running and future query of it stops at once. */
public record GrantSuspended(UUID grantId, UUID operatorId, String reason) {
}
