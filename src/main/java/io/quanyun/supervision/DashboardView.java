package io.quanyun.supervision;

import java.time.LocalDate;
import java.util.Map;

/**
 * The supervision dashboard's figures.
 *
 * @param alertsByRule unresolved and resolved alerts per rule
 * @param alertsByState alerts per state
 * @param alertsBySeverity unresolved alerts per severity
 * @param alertsPerDay alerts raised per day over the last 14 days (oldest first)
 * @param openRectifications orders issued or submitted
 * @param validTrainings people with valid training today
 */
public record DashboardView(Map<MonitoringRuleCode, Long> alertsByRule, Map<AlertState, Long> alertsByState,
        Map<Severity, Long> alertsBySeverity, Map<LocalDate, Long> alertsPerDay, long openRectifications,
        long validTrainings) {
}
