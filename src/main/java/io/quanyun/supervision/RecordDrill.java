package io.quanyun.supervision;

import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Command: record an emergency drill held with an operator. The service validates every field. */
public record RecordDrill(@Nullable UUID operatorId, @Nullable String scenario, @Nullable LocalDate heldOn,
        @Nullable String participants, @Nullable String findings, @Nullable String followUpActions) {
}
