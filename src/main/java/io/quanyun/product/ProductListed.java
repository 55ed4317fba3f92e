package io.quanyun.product;

import java.util.UUID;

/** Event: a product was listed after review (or listed again). */
public record ProductListed(UUID productId, UUID operatorId) {
}
