package io.quanyun.supervision;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.data.relational.core.mapping.Table;

/** One step in a rectification order's history: the state reached, by whom, when and why. */
@Table("rectification_step")
record RectificationStep(RectificationState state, String actor, @Nullable String note, Instant occurredAt) {

    RectificationStep {
        requireNonNull(state, "state is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(occurredAt, "occurredAt is null");
    }

    RectificationView.Step view() {
        return new RectificationView.Step(state, actor, note, occurredAt);
    }
}
