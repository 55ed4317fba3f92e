package io.quanyun.access;

import java.util.UUID;

/** Event: a grant was created by dual approval, or restored. */
public record GrantActivated(UUID grantId, UUID operatorId) {
}
