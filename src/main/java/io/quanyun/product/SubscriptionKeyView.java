package io.quanyun.product;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** An API key of a subscription as it is shown after issuance: its first characters, never the key. */
public record SubscriptionKeyView(UUID id, String hint, String issuedBy, OffsetDateTime issuedAt,
        @Nullable OffsetDateTime revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
