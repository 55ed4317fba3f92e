package io.quanyun.catalog;

import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A data subject's consent for a purpose and an operator, as a provider or the authority records it.
 *
 * @param identifier the identity number (person) or credit code (enterprise); only its keyed hash is stored
 * @param purpose the purpose consented to, e.g. {@code credit-scoring}
 * @param validFrom first day of validity; null for today
 * @param validUntil last day of validity
 */
public record RecordConsent(@Nullable SubjectKind subjectKind, @Nullable String identifier, @Nullable String purpose,
        @Nullable UUID operatorId, @Nullable LocalDate validFrom, @Nullable LocalDate validUntil) {

    @Override
    public String toString() {
        return "RecordConsent[" + subjectKind + ", identifier hidden, " + purpose + ", " + operatorId + "]";
    }
}
