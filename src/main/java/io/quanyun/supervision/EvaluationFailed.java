package io.quanyun.supervision;

import java.util.UUID;


/** Event: an operator failed an evaluation campaign (Art. 17); a rectification order was proposed to the authorizer. */
public record EvaluationFailed(UUID campaignId, UUID operatorId, UUID authorityId, UUID proposedOrderId) {
}
