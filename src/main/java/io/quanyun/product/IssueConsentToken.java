package io.quanyun.product;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The data subject authorizes one consumer to call one product about them, until {@code expiresAt}.
 *
 * @param subject the subject's identity number (only its keyed hash goes into the token)
 * @param consumerId the organization allowed to call
 * @param expiresAt at most {@link ConsentTokens#MAX_VALIDITY} ahead; null for the default (30 days)
 */
public record IssueConsentToken(@Nullable UUID productId, @Nullable String subject, @Nullable UUID consumerId,
        @Nullable Instant expiresAt) {

    @Override
    public String toString() {
        return "IssueConsentToken[productId=" + productId + ", subject hidden, consumerId=" + consumerId + "]";
    }
}
