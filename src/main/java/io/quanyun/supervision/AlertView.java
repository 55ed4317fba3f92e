package io.quanyun.supervision;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An alert as shown.
 *
 * @param subject the username (or organization) the rule matched
 * @param organizationId the subject's organization, when known
 * @param firstSeq the first audit entry that matched; {@code lastSeq} the latest
 */
public record AlertView(UUID id, MonitoringRuleCode rule, Severity severity, String subject,
        @Nullable UUID organizationId, int occurrences, long firstSeq, long lastSeq, String detail, AlertState state,
        @Nullable String assignee, @Nullable String resolutionNote, Instant raisedAt, Instant updatedAt) {
}
