package io.quanyun.supervision;

import java.time.Instant;
import java.util.UUID;


/** Event: a rectification order was issued (Art. 18). Access suspends every grant of the operator under this authorizer at once, in reaction to this event. */
public record RectificationOrdered(UUID orderId, UUID operatorId, UUID authorizerId, Instant deadline, String content) {
}
