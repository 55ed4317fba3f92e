package io.quanyun.supervision;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;

/**
 * An alert raised by a monitoring rule about one subject (a person's username, or an organization). While it
 * is not resolved, further matches of the same rule and subject are added to it rather than raising another.
 */
@Table("alert")
final class Alert {

    private final @Id UUID id;
    private final MonitoringRuleCode ruleCode;
    private final Severity severity;
    private final String subject;
    private final @Nullable UUID organizationId;
    private int occurrences;
    private final long firstSeq;
    private long lastSeq;
    private String detail;
    private AlertState state;
    private @Nullable String assignee;
    private @Nullable String resolutionNote;
    private final Instant raisedAt;
    private Instant updatedAt;
    private @Version @Nullable Long version;

    @PersistenceCreator
    Alert(UUID id, MonitoringRuleCode ruleCode, Severity severity, String subject, @Nullable UUID organizationId,
            int occurrences, long firstSeq, long lastSeq, String detail, AlertState state, @Nullable String assignee,
            @Nullable String resolutionNote, Instant raisedAt, Instant updatedAt, @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.ruleCode = requireNonNull(ruleCode, "ruleCode is null");
        this.severity = requireNonNull(severity, "severity is null");
        this.subject = requireNonNull(subject, "subject is null");
        this.organizationId = organizationId;
        this.occurrences = occurrences;
        this.firstSeq = firstSeq;
        this.lastSeq = lastSeq;
        this.detail = requireNonNull(detail, "detail is null");
        this.state = requireNonNull(state, "state is null");
        this.assignee = assignee;
        this.resolutionNote = resolutionNote;
        this.raisedAt = requireNonNull(raisedAt, "raisedAt is null");
        this.updatedAt = requireNonNull(updatedAt, "updatedAt is null");
        this.version = version;
    }

    static Alert raise(MonitoringRuleCode rule, Severity severity, String subject, @Nullable UUID organizationId,
            int occurrences, long firstSeq, long lastSeq, String detail, Instant now) {
        return new Alert(UUID.randomUUID(), rule, severity, subject, organizationId, occurrences, firstSeq, lastSeq,
                detail, AlertState.OPEN, null, null, now, now, null);
    }

    /** The same rule matched the same subject again while this alert is unresolved. */
    void matchedAgain(int moreOccurrences, long newLastSeq, String newDetail, Instant now) {
        occurrences += moreOccurrences;
        lastSeq = Math.max(lastSeq, newLastSeq);
        detail = newDetail;
        updatedAt = now;
    }

    /** Assigns the alert to a person (possible until resolved). */
    void assign(String person, Instant now) {
        if (state.isFinal()) {
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION, "A resolved alert cannot be reassigned",
                    List.of(), "alert", id.toString());
        }
        assignee = person;
        updatedAt = now;
    }

    void acknowledge(String person, Instant now) {
        transitionTo(AlertState.ACKNOWLEDGED, now);
        if (assignee == null) {
            assignee = person;
        }
    }

    void resolve(String note, Instant now) {
        transitionTo(AlertState.RESOLVED, now);
        resolutionNote = note;
    }

    /** Moves to {@code target} or refuses with {@link ErrorCode#ILLEGAL_STATE_TRANSITION}. */
    private void transitionTo(AlertState target, Instant now) {
        if (!state.next().contains(target)) {
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION,
                    "Alert cannot go from " + state + " to " + target, List.of(), "alert", id.toString());
        }
        state = target;
        updatedAt = now;
    }

    UUID id() {
        return id;
    }

    MonitoringRuleCode ruleCode() {
        return ruleCode;
    }

    Severity severity() {
        return severity;
    }

    String subject() {
        return subject;
    }

    @Nullable UUID organizationId() {
        return organizationId;
    }

    AlertState state() {
        return state;
    }

    AlertView view() {
        return new AlertView(id, ruleCode, severity, subject, organizationId, occurrences, firstSeq, lastSeq, detail,
                state, assignee, resolutionNote, raisedAt, updatedAt);
    }
}
