package io.quanyun.supervision;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Command: report a security incident. An operator's member reports for its own organization (the id may be
 * left out); an authority or auditor names the operator, or raises it from an alert ({@code alertId}), which
 * gives the operator.
 */
public record ReportIncident(@Nullable UUID organizationId, @Nullable UUID alertId, @Nullable IncidentGrade grade,
        @Nullable String title, @Nullable String description, @Nullable Instant occurredAt) {
}
