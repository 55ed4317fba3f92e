package io.quanyun.supervision;

import java.util.UUID;


/** Event: the authorizer rejected the submitted evidence; the order stays issued and access stays suspended. */
public record RectificationRejected(UUID orderId, UUID operatorId, UUID authorizerId, String reason) {
}
