package io.quanyun.supervision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** An emergency drill as shown. */
public record DrillView(UUID id, UUID authorizerId, UUID operatorId, String scenario, LocalDate heldOn,
        String participants, String findings, String followUpActions, String recordedBy, Instant recordedAt) {
}
