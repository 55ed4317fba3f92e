package io.quanyun.supervision;

import java.util.EnumSet;
import java.util.Set;

/** The life of an evaluation campaign (Art. 17). */
public enum CampaignState {
    /** Open for scores by the named evaluators. */
    OPEN,
    /** Scores closed and results computed; a failed operator gets a proposed rectification order. Final. */
    CLOSED;

    /** The states this one may move to. */
    public Set<CampaignState> next() {
        return switch (this) {
            case OPEN -> EnumSet.of(CLOSED);
            case CLOSED -> EnumSet.noneOf(CampaignState.class);
        };
    }

    public boolean isFinal() {
        return next().isEmpty();
    }
}
