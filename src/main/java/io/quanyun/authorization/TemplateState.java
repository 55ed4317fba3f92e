package io.quanyun.authorization;

import java.util.EnumSet;
import java.util.Set;

/** A version of the model agreement text (Art. 9). */
public enum TemplateState {
    /** The version new agreements are generated from. */
    CURRENT("现行"),
    /** Replaced by a later version; agreements generated from it keep it. Final. */
    SUPERSEDED("已废止");

    private final String labelZh;

    TemplateState(String labelZh) {
        this.labelZh = labelZh;
    }

    public String labelZh() {
        return labelZh;
    }

    public Set<TemplateState> next() {
        return switch (this) {
            case CURRENT -> EnumSet.of(SUPERSEDED);
            case SUPERSEDED -> EnumSet.noneOf(TemplateState.class);
        };
    }

    public boolean canMoveTo(TemplateState target) {
        return next().contains(target);
    }
}
