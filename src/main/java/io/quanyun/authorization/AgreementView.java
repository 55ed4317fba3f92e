package io.quanyun.authorization;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** An agreement with its signatures. */
public record AgreementView(UUID id, String number, UUID callId, UUID applicationId, int templateVersion,
        CallMode mode, UUID operatorId, String operatorName, @Nullable String legalRepresentative,
        UUID authorizerId, String authorizerName, int termMonths, AgreementState state, String documentHash,
        Instant generatedAt, @Nullable Instant activatedAt, @Nullable Instant endsAt, @Nullable Instant endedAt,
        @Nullable String endReason, List<Signature> signatures) {
}
