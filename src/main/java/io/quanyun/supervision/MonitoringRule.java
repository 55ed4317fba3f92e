package io.quanyun.supervision;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Violation;

/** A monitoring rule's tunable settings: severity, threshold, window, and whether a critical alert suspends. */
@Table("monitoring_rule")
final class MonitoringRule {

    private final @Id MonitoringRuleCode code;
    private Severity severity;
    private int threshold;
    private int windowMinutes;
    private boolean enabled;
    private boolean suspendOnCritical;
    private Instant updatedAt;
    private @Version @Nullable Long version;

    @PersistenceCreator
    MonitoringRule(MonitoringRuleCode code, Severity severity, int threshold, int windowMinutes, boolean enabled,
            boolean suspendOnCritical, Instant updatedAt, @Nullable Long version) {
        this.code = requireNonNull(code, "code is null");
        this.severity = requireNonNull(severity, "severity is null");
        this.threshold = threshold;
        this.windowMinutes = windowMinutes;
        this.enabled = enabled;
        this.suspendOnCritical = suspendOnCritical;
        this.updatedAt = requireNonNull(updatedAt, "updatedAt is null");
        this.version = version;
    }

    /** The authority tunes the rule. */
    void tune(TuneRule command, Instant now) {
        List<Violation> violations = new ArrayList<>();
        if (command.severity() == null) {
            violations.add(new Violation("severity", "级别必填 (severity is required)"));
        }
        if (command.threshold() == null || command.threshold() < 1 || command.threshold() > 100_000) {
            violations.add(new Violation("threshold", "阈值须在1到100000之间 (1 to 100000)"));
        }
        if (command.windowMinutes() == null || command.windowMinutes() < 1 || command.windowMinutes() > 10_080) {
            violations.add(new Violation("windowMinutes", "时间窗须在1到10080分钟之间 (1 to 10080 minutes)"));
        }
        if (!violations.isEmpty()) {
            throw QuanyunException.invalid(violations);
        }
        this.severity = command.severity();
        this.threshold = command.threshold();
        this.windowMinutes = command.windowMinutes();
        this.enabled = command.enabled() == null || command.enabled();
        this.suspendOnCritical = command.suspendOnCritical() != null && command.suspendOnCritical();
        this.updatedAt = now;
    }

    MonitoringRuleCode code() {
        return code;
    }

    Severity severity() {
        return severity;
    }

    int threshold() {
        return threshold;
    }

    int windowMinutes() {
        return windowMinutes;
    }

    boolean enabled() {
        return enabled;
    }

    /** Whether an alert of this rule suspends the subject's access: only critical alerts ever do. */
    boolean suspends() {
        return severity == Severity.CRITICAL && suspendOnCritical;
    }

    RuleView view() {
        return new RuleView(code, severity, threshold, windowMinutes, enabled, suspendOnCritical, updatedAt);
    }
}
