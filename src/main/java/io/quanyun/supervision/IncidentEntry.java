package io.quanyun.supervision;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One entry of an incident's timeline: what happened ({@code kind}), by whom, when, and for containment actions
 * and notifications their target or department.
 *
 * @param kind {@code REPORTED}, {@code NOTE}, {@code CONTAINMENT}, {@code NOTIFICATION}, {@code REGRADED} or {@code CLOSED}
 * @param subject the containment action and target, or the department notified; null otherwise
 */
@Table("incident_entry")
record IncidentEntry(String kind, @Nullable String subject, String actor, String note, Instant occurredAt) {

    IncidentEntry {
        requireNonNull(kind, "kind is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(note, "note is null");
        requireNonNull(occurredAt, "occurredAt is null");
    }

    IncidentView.Entry view() {
        return new IncidentView.Entry(kind, subject, actor, note, occurredAt);
    }
}
