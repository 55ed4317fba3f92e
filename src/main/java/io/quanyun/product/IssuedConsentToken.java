package io.quanyun.product;

import java.time.Instant;
import java.util.UUID;

/** A consent token: the subject hands it to the consumer, who sends it with each call about the subject. */
public record IssuedConsentToken(String token, UUID productId, UUID consumerId, Instant expiresAt) {
}
