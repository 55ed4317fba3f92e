package io.quanyun.supervision;

import java.time.Instant;
import java.util.UUID;


/** Event: a rectification order was issued (Art. 18). Access suspends every active grant of the operator at once in reaction (grant-level scoping by authorizer is not yet done). */
public record RectificationOrdered(UUID orderId, UUID operatorId, UUID authorizerId, Instant deadline, String content) {
}
