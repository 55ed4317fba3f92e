package io.quanyun.authorization;

import java.util.EnumSet;
import java.util.Set;

/** One panel member's review of a call's applications (Art. 8(3)). */
public enum ReviewState {
    /** Assigned; the expert must first declare conflicts of interest. */
    DECLARING("待申报利益冲突"),
    /** Conflicts declared; the expert scores the applications not excluded. */
    SCORING("评分中"),
    /** Scores submitted and locked. Final. */
    SUBMITTED("已提交");

    private final String labelZh;

    ReviewState(String labelZh) {
        this.labelZh = labelZh;
    }

    public String labelZh() {
        return labelZh;
    }

    public Set<ReviewState> next() {
        return switch (this) {
            case DECLARING -> EnumSet.of(SCORING);
            case SCORING -> EnumSet.of(SUBMITTED);
            case SUBMITTED -> EnumSet.noneOf(ReviewState.class);
        };
    }

    public boolean canMoveTo(ReviewState target) {
        return next().contains(target);
    }

    public boolean isFinal() {
        return next().isEmpty();
    }
}
