package io.quanyun.supervision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** One version of an emergency plan; {@code current} marks the version in force for its organization. */
public record EmergencyPlanView(UUID id, UUID organizationId, String organizationName, int planVersion,
        String title, String content, LocalDate effectiveFrom, String recordedBy, Instant recordedAt,
        boolean current) {
}
