package io.quanyun.product;

import java.util.UUID;

/** Event: a product was submitted for compliance review. */
public record ProductSubmitted(UUID productId, UUID operatorId) {
}
