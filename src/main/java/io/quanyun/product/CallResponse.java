package io.quanyun.product;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.quanyun.shared.Violation;

/**
 * What a product call answers: a verification product's answer, or a model product's score of the entity (found
 * or not), or the refusal with its precise problems and, for 429, the seconds after which to retry. Never a
 * stored value.
 *
 * @param callId the metered call's id, also in the audit entry
 * @param answer a verification product's answer; null for model products and refusals
 * @param score a model product's answer (its score, or not found); null for verification products and refusals
 */
public record CallResponse(UUID callId, CallOutcome outcome, @Nullable VerificationAnswer answer,
        List<Violation> violations, long retryAfterSeconds, String detail, @Nullable ModelScore score) {

    public CallResponse(UUID callId, CallOutcome outcome, @Nullable VerificationAnswer answer,
            List<Violation> violations, long retryAfterSeconds, String detail) {
        this(callId, outcome, answer, violations, retryAfterSeconds, detail, null);
    }

    static CallResponse answered(UUID callId, VerificationAnswer answer) {
        return new CallResponse(callId, CallOutcome.ANSWERED, answer, List.of(), 0, "");
    }

    static CallResponse refused(UUID callId, CallOutcome outcome, String detail) {
        return new CallResponse(callId, outcome, null, List.of(), 0, detail);
    }
}
