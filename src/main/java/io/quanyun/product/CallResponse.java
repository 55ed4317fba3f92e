package io.quanyun.product;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.quanyun.shared.Violation;

/**
 * What a product call answers: the answer, or the refusal with its precise problems and, for 429, the seconds
 * after which to retry. Never a stored value.
 *
 * @param callId the metered call's id, also in the audit entry
 */
public record CallResponse(UUID callId, CallOutcome outcome, @Nullable VerificationAnswer answer,
        List<Violation> violations, long retryAfterSeconds, String detail) {

    static CallResponse answered(UUID callId, VerificationAnswer answer) {
        return new CallResponse(callId, CallOutcome.ANSWERED, answer, List.of(), 0, "");
    }

    static CallResponse refused(UUID callId, CallOutcome outcome, String detail) {
        return new CallResponse(callId, outcome, null, List.of(), 0, detail);
    }
}
