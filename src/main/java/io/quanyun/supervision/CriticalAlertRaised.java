package io.quanyun.supervision;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Event: a critical monitoring alert was raised. When {@code suspend} is true (configured per rule), access suspends the grants of the operator, or of the single user when known, at once.
 *
 * @param operatorId the subject's organization, null when the subject is not a known operator's member
 * @param userId the subject person, null when the rule concerns a whole organization */
public record CriticalAlertRaised(UUID alertId, @Nullable UUID operatorId, @Nullable UUID userId, MonitoringRuleCode rule, boolean suspend) {
}
