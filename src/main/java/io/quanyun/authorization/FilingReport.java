package io.quanyun.authorization;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The summary filed with the city government (备案, Art. 8) for the period {@code [from, to)}. Counts "in the
 * period" are of events whose time falls in it (publication, submission, generation, activation, end); the
 * state counts are of the applications and agreements of the calls published in the period, as they are now.
 */
public record FilingReport(Instant from, Instant to, Instant generatedAt, long callsPublished,
        long applicationsSubmitted, long agreementsGenerated, long agreementsActivated, long agreementsExpired,
        long agreementsTerminated, Map<ApplicationState, Long> applicationsByState,
        Map<AgreementState, Long> agreementsByState, List<CallLine> calls, List<AgreementLine> agreements) {

    /** A call published in the period. */
    public record CallLine(UUID id, String title, CallMode mode, CallState state, long applications, long awarded) {
    }

    /** An agreement of a call published in the period. */
    public record AgreementLine(UUID id, String number, String operatorName, String authorizerName,
            AgreementState state, @Nullable Instant activatedAt, @Nullable Instant endsAt) {
    }
}
