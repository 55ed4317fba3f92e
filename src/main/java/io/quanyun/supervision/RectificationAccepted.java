package io.quanyun.supervision;

import java.util.UUID;


/** Event: the authorizer accepted the rectification; the operator's access under this authorizer is restored. */
public record RectificationAccepted(UUID orderId, UUID operatorId, UUID authorizerId) {
}
