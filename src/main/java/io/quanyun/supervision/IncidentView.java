package io.quanyun.supervision;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A security incident with its timeline and the notifications of the supervising departments. */
public record IncidentView(UUID id, UUID organizationId, String organizationName, IncidentGrade grade, String title,
        String description, IncidentState state, @Nullable UUID alertId, String reportedBy, Instant occurredAt,
        Instant reportedAt, @Nullable String lessonsLearned, @Nullable Instant closedAt, List<Entry> timeline) {

    public IncidentView {
        timeline = List.copyOf(timeline);
    }

    /** One timeline entry (see {@code IncidentEntry}). */
    public record Entry(String kind, @Nullable String subject, String actor, String note, Instant occurredAt) {
    }

    /** The departments notified so far, in order. */
    public List<String> notified() {
        return timeline.stream().filter(e -> "NOTIFICATION".equals(e.kind())).map(Entry::subject).toList();
    }
}
