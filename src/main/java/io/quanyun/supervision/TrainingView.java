package io.quanyun.supervision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A training record as shown.
 *
 * @param validToday whether the record counts as valid training today
 * @param evidenceName the evidence file's name, null while none is attached
 */
public record TrainingView(UUID id, UUID organizationId, UUID userId, String username, String course,
        LocalDate trainedOn, TrainingResult result, LocalDate validUntil, boolean validToday,
        @Nullable String evidenceName, @Nullable String evidenceSha256, @Nullable Long evidenceSize,
        String recordedBy, Instant recordedAt) {
}
