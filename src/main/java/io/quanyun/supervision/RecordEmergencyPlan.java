package io.quanyun.supervision;

import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Command: record a new version of an organization's emergency plan (the own organization when the id is left out). */
public record RecordEmergencyPlan(@Nullable UUID organizationId, @Nullable String title, @Nullable String content,
        @Nullable LocalDate effectiveFrom) {
}
