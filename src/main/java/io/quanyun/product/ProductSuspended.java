package io.quanyun.product;

import java.util.UUID;

/** Event: a product was suspended; calls are refused at once. */
public record ProductSuspended(UUID productId, UUID operatorId) {
}
