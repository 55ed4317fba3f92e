package io.quanyun.product;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A consent token as its subject sees it (never the token itself, which only the consumer holds once issued).
 *
 * @param state {@code VALID}, {@code EXPIRED} or {@code REVOKED}
 */
public record ConsentTokenView(UUID id, UUID productId, String productName, UUID consumerId, String consumerName,
        String channel, OffsetDateTime issuedAt, OffsetDateTime expiresAt, @Nullable OffsetDateTime revokedAt,
        String state) {

    public boolean revocable() {
        return "VALID".equals(state);
    }
}
