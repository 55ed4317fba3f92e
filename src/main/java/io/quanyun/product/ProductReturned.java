package io.quanyun.product;

import java.util.UUID;

/** Event: a product review did not pass; it is back in draft with findings. */
public record ProductReturned(UUID productId, UUID operatorId) {
}
