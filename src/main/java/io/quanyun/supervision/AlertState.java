package io.quanyun.supervision;

import java.util.EnumSet;
import java.util.Set;

/** The life of a monitoring alert. */
public enum AlertState {
    /** Raised by a rule; nobody has looked at it yet. */
    OPEN,
    /** Someone took it on; further matches of the same rule and subject are added to it. */
    ACKNOWLEDGED,
    /** Closed with a note. Final. */
    RESOLVED;

    /** The states this one may move to. */
    public Set<AlertState> next() {
        return switch (this) {
            case OPEN -> EnumSet.of(ACKNOWLEDGED, RESOLVED);
            case ACKNOWLEDGED -> EnumSet.of(RESOLVED);
            case RESOLVED -> EnumSet.noneOf(AlertState.class);
        };
    }

    public boolean isFinal() {
        return next().isEmpty();
    }
}
