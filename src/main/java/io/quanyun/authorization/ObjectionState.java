package io.quanyun.authorization;

import java.util.EnumSet;
import java.util.Set;

/** An objection to a shortlisted application during public notice. */
public enum ObjectionState {
    /** Filed; the authority must answer before the call can conclude. */
    FILED("待答复"),
    /** Upheld: the application leaves the shortlist. Final. */
    UPHELD("异议成立"),
    /** Dismissed with reasons. Final. */
    DISMISSED("异议不成立");

    private final String labelZh;

    ObjectionState(String labelZh) {
        this.labelZh = labelZh;
    }

    public String labelZh() {
        return labelZh;
    }

    public Set<ObjectionState> next() {
        return switch (this) {
            case FILED -> EnumSet.of(UPHELD, DISMISSED);
            case UPHELD, DISMISSED -> EnumSet.noneOf(ObjectionState.class);
        };
    }

    public boolean canMoveTo(ObjectionState target) {
        return next().contains(target);
    }

    public boolean isFinal() {
        return next().isEmpty();
    }
}
