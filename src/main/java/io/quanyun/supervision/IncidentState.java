package io.quanyun.supervision;

import java.util.EnumSet;
import java.util.Set;

/** The life of a security incident (Art. 15). */
public enum IncidentState {
    /** Reported (by someone involved, or raised from an alert); nobody has acted on it yet. */
    REPORTED,
    /** Being handled: containment actions, notifications and notes are added to its timeline. */
    RESPONDING,
    /** Closed with the lessons learned. Final. */
    CLOSED;

    public Set<IncidentState> next() {
        return switch (this) {
            case REPORTED -> EnumSet.of(RESPONDING, CLOSED);
            case RESPONDING -> EnumSet.of(CLOSED);
            case CLOSED -> EnumSet.noneOf(IncidentState.class);
        };
    }

    public boolean isFinal() {
        return next().isEmpty();
    }
}
