package io.quanyun.authorization;

import java.time.Instant;
import java.util.UUID;

/**
 * An agreement was signed by both parties and is in force from {@code startsAt} until {@code endsAt}. Its scope
 * is read with {@link AuthorizationManagement#scopeOf(UUID)}.
 */
public record AgreementActivated(UUID agreementId, UUID callId, UUID operatorId, UUID authorizerId, CallMode mode,
        Instant startsAt, Instant endsAt) {
}
