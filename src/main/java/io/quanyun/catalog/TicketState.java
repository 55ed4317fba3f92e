package io.quanyun.catalog;

import java.util.EnumSet;
import java.util.Set;

/** The life of a quality ticket (Art. 10, 12). */
public enum TicketState {
    /** Reported by an operator; the provider must answer before the deadline. */
    OPEN,
    /** The provider answered; it closes the ticket with the version that fixes the problem. */
    ANSWERED,
    /** Fixed by a new version. Final. */
    CLOSED,
    /** The provider found no problem to fix, and said why. Final. */
    REJECTED;

    /** @return the states this one may move to */
    public Set<TicketState> next() {
        return switch (this) {
            case OPEN -> EnumSet.of(ANSWERED, REJECTED);
            case ANSWERED -> EnumSet.of(CLOSED, REJECTED);
            case CLOSED, REJECTED -> EnumSet.noneOf(TicketState.class);
        };
    }

    /** @return whether the ticket is settled (no deadline applies any more) */
    public boolean isFinal() {
        return next().isEmpty();
    }
}
