package io.quanyun.authorization;

import java.time.Instant;
import java.util.UUID;

/** The authorizer terminated an agreement early; every data grant under it ends. */
public record AgreementTerminated(UUID agreementId, UUID operatorId, UUID authorizerId, String reason,
        Instant terminatedAt) {
}
