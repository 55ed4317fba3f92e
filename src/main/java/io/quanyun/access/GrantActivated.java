package io.quanyun.access;

import java.util.UUID;

/** Event: a grant was created by dual approval ({@link GrantRestored} marks a restoration). */
public record GrantActivated(UUID grantId, UUID operatorId) {
}
