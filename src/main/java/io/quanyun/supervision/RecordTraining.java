package io.quanyun.supervision;

import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Command: record a person's security training. Fields may be null in input; the service validates. */
public record RecordTraining(@Nullable UUID userId, @Nullable String course, @Nullable LocalDate trainedOn,
        @Nullable TrainingResult result, @Nullable LocalDate validUntil) {
}
