package io.quanyun.catalog;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One entry of a dataset's registration history.
 *
 * @param validUntil three years after registration or renewal; null for a deregistration
 */
public record RegistrationRecord(UUID id, UUID datasetId, RegistrationKind kind, String registrationCode,
        OffsetDateTime registeredAt, @Nullable LocalDate validUntil, String note, String registeredBy) {
}
