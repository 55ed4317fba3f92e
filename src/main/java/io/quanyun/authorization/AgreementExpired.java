package io.quanyun.authorization;

import java.time.Instant;
import java.util.UUID;

/** An agreement's term ended: every data grant under it ends (Art. 8(5)); its records stay readable. */
public record AgreementExpired(UUID agreementId, UUID operatorId, UUID authorizerId, Instant expiredAt) {
}
