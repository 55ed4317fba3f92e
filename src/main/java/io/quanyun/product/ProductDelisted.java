package io.quanyun.product;

import java.util.UUID;

/** Event: a product was delisted for good. */
public record ProductDelisted(UUID productId, UUID operatorId) {
}
