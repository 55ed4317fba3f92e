package io.quanyun.authorization;

import java.util.EnumSet;
import java.util.Set;

/** The life of a call (申报公告), Art. 8(1)-(4). */
public enum CallState {
    /** Being drafted; not public. */
    DRAFT("草稿"),
    /** Public on the portal; applications are accepted inside the window. */
    PUBLISHED("已发布"),
    /** The window has closed; the expert panel reviews the applications. */
    REVIEWING("评审中"),
    /** The shortlist is in public notice; anyone may object. */
    NOTICE("公示中"),
    /** Notice ended without pending objections; agreements were generated. Final. */
    CONCLUDED("已结束"),
    /** Withdrawn with a reason before its window closed. Final. */
    WITHDRAWN("已撤回");

    private final String labelZh;

    CallState(String labelZh) {
        this.labelZh = labelZh;
    }

    public String labelZh() {
        return labelZh;
    }

    /** The states this one may move to. */
    public Set<CallState> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(PUBLISHED, WITHDRAWN);
            case PUBLISHED -> EnumSet.of(REVIEWING, WITHDRAWN);
            case REVIEWING -> EnumSet.of(NOTICE, CONCLUDED);
            case NOTICE -> EnumSet.of(CONCLUDED);
            case CONCLUDED, WITHDRAWN -> EnumSet.noneOf(CallState.class);
        };
    }

    public boolean canMoveTo(CallState target) {
        return next().contains(target);
    }

    public boolean isFinal() {
        return next().isEmpty();
    }

    /** Whether the public may see a call in this state. */
    public boolean isPublic() {
        return this != DRAFT;
    }
}
