package io.quanyun.product;

import java.util.UUID;

/** Event: a product registered as a draft. */
public record ProductRegistered(UUID productId, UUID operatorId) {
}
