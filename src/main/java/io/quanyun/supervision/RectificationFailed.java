package io.quanyun.supervision;

import java.util.UUID;


/** Event: the order was not accepted by its deadline; the agreement between authorizer and operator is to be terminated (grants end, products delisted, records retained). */
public record RectificationFailed(UUID orderId, UUID operatorId, UUID authorizerId) {
}
