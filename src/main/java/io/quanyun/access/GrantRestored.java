package io.quanyun.access;

import java.util.UUID;

/** Event: a suspended grant is active again. */
public record GrantRestored(UUID grantId, UUID operatorId) {
}
