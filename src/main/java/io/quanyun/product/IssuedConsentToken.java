package io.quanyun.product;

import java.time.Instant;
import java.util.UUID;

/**
 * A consent token: the subject hands it to the consumer, who sends it with each call about the subject. The
 * {@code id} names it for revocation.
 */
public record IssuedConsentToken(UUID id, String token, UUID productId, UUID consumerId, Instant expiresAt) {
}
