package io.quanyun.supervision;

import java.time.Instant;

/** A monitoring rule's settings as shown. */
public record RuleView(MonitoringRuleCode code, Severity severity, int threshold, int windowMinutes,
        boolean enabled, boolean suspendOnCritical, Instant updatedAt) {
}
