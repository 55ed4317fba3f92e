package io.quanyun.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A recorded consent: the subject only as its keyed hash. */
public record ConsentView(UUID id, SubjectKind subjectKind, String subjectHash, String purpose, UUID operatorId,
        LocalDate validFrom, LocalDate validUntil, @Nullable Instant withdrawnAt, String recordedBy,
        Instant recordedAt) {
}
