package io.quanyun.supervision;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;

/**
 * A security incident of an operator (Art. 15): graded, with a timeline of what was done (containment through the
 * platform, notifications of the supervising departments, notes), closed with the lessons learned. Nothing is
 * ever removed from the timeline.
 */
@Table("incident")
final class Incident {

    private final @Id UUID id;
    private final UUID organizationId;
    private final String organizationName;
    private IncidentGrade grade;
    private final String title;
    private final String description;
    private IncidentState state;
    private final @Nullable UUID alertId;
    private final String reportedBy;
    private final Instant occurredAt;
    private final Instant reportedAt;
    private @Nullable String lessonsLearned;
    private @Nullable Instant closedAt;
    @MappedCollection(idColumn = "incident", keyColumn = "position")
    private List<IncidentEntry> timeline;
    private @Version @Nullable Long version;

    @PersistenceCreator
    Incident(UUID id, UUID organizationId, String organizationName, IncidentGrade grade, String title,
            String description, IncidentState state, @Nullable UUID alertId, String reportedBy, Instant occurredAt,
            Instant reportedAt, @Nullable String lessonsLearned, @Nullable Instant closedAt,
            List<IncidentEntry> timeline, @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.organizationId = requireNonNull(organizationId, "organizationId is null");
        this.organizationName = requireNonNull(organizationName, "organizationName is null");
        this.grade = requireNonNull(grade, "grade is null");
        this.title = requireNonNull(title, "title is null");
        this.description = requireNonNull(description, "description is null");
        this.state = requireNonNull(state, "state is null");
        this.alertId = alertId;
        this.reportedBy = requireNonNull(reportedBy, "reportedBy is null");
        this.occurredAt = requireNonNull(occurredAt, "occurredAt is null");
        this.reportedAt = requireNonNull(reportedAt, "reportedAt is null");
        this.lessonsLearned = lessonsLearned;
        this.closedAt = closedAt;
        this.timeline = new ArrayList<>(timeline);
        this.version = version;
    }

    static Incident report(UUID organizationId, String organizationName, IncidentGrade grade, String title,
            String description, @Nullable UUID alertId, String actor, Instant occurredAt, Instant now) {
        Incident incident = new Incident(UUID.randomUUID(), organizationId, organizationName, grade, title,
                description, IncidentState.REPORTED, alertId, actor, occurredAt, now, null, null, List.of(), null);
        incident.timeline.add(new IncidentEntry("REPORTED", alertId == null ? null : "alert " + alertId, actor,
                description, now));
        return incident;
    }

    /** A note on the timeline (by the operator concerned or a supervisor). */
    void note(String note, String actor, Instant now) {
        requireOpen();
        responding();
        timeline.add(new IncidentEntry("NOTE", null, actor, note, now));
    }

    /** A containment action taken through the platform, with what it did. */
    void contained(ContainmentKind kind, UUID target, String outcome, String actor, Instant now) {
        requireOpen();
        responding();
        timeline.add(new IncidentEntry("CONTAINMENT", kind + " " + target, actor, outcome, now));
    }

    /** A supervising department was notified at {@code at} (by phone, letter or its platform), as a timed record. */
    void notified(SupervisingDepartment department, String note, String actor, Instant at) {
        requireOpen();
        responding();
        timeline.add(new IncidentEntry("NOTIFICATION", department.name(), actor, note, at));
    }

    void regrade(IncidentGrade to, String reason, String actor, Instant now) {
        requireOpen();
        responding();
        timeline.add(new IncidentEntry("REGRADED", grade + " -> " + to, actor, reason, now));
        grade = to;
    }

    /** Closes the incident with the lessons learned. */
    void close(String lessons, String actor, Instant now) {
        transitionTo(IncidentState.CLOSED);
        lessonsLearned = lessons;
        closedAt = now;
        timeline.add(new IncidentEntry("CLOSED", null, actor, lessons, now));
    }

    private void responding() {
        if (state == IncidentState.REPORTED) {
            transitionTo(IncidentState.RESPONDING);
        }
    }

    private void requireOpen() {
        if (state.isFinal()) {
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION, "Incident " + id + " is closed", List.of(),
                    "incident", id.toString());
        }
    }

    private void transitionTo(IncidentState target) {
        if (!state.next().contains(target)) {
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION,
                    "Incident " + id + " cannot move from " + state + " to " + target, List.of(), "incident",
                    id.toString());
        }
        state = target;
    }

    UUID id() {
        return id;
    }

    UUID organizationId() {
        return organizationId;
    }

    IncidentState state() {
        return state;
    }

    IncidentGrade grade() {
        return grade;
    }

    Instant reportedAt() {
        return reportedAt;
    }

    IncidentView view() {
        return new IncidentView(id, organizationId, organizationName, grade, title, description, state, alertId,
                reportedBy, occurredAt, reportedAt, lessonsLearned, closedAt,
                timeline.stream().map(IncidentEntry::view).toList());
    }
}
