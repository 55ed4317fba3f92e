package io.quanyun.authorization;

import java.util.EnumSet;
import java.util.Set;

/** The life of an application (申报), Art. 8(2)-(4). */
public enum ApplicationState {
    /** Submitted inside the window with its documents; may still be withdrawn. */
    SUBMITTED("已申报"),
    /** Withdrawn by the applicant before review. Final. */
    WITHDRAWN("已撤回"),
    /** The panel reviews it. */
    UNDER_REVIEW("评审中"),
    /** On the shortlist in public notice. */
    SHORTLISTED("入围公示"),
    /** Not proposed for the shortlist. Final. */
    NOT_SHORTLISTED("未入围"),
    /** Left the shortlist after an upheld objection. Final. */
    REMOVED_AFTER_OBJECTION("异议成立已移出"),
    /** The notice ended; an agreement was generated for it. Final. */
    AWARDED("已确定为运营单位"),
    /** The call was withdrawn. Final. */
    CLOSED("公告已撤回");

    private final String labelZh;

    ApplicationState(String labelZh) {
        this.labelZh = labelZh;
    }

    public String labelZh() {
        return labelZh;
    }

    public Set<ApplicationState> next() {
        return switch (this) {
            case SUBMITTED -> EnumSet.of(WITHDRAWN, UNDER_REVIEW, CLOSED);
            case UNDER_REVIEW -> EnumSet.of(SHORTLISTED, NOT_SHORTLISTED);
            case SHORTLISTED -> EnumSet.of(REMOVED_AFTER_OBJECTION, AWARDED);
            case WITHDRAWN, NOT_SHORTLISTED, REMOVED_AFTER_OBJECTION, AWARDED, CLOSED ->
                    EnumSet.noneOf(ApplicationState.class);
        };
    }

    public boolean canMoveTo(ApplicationState target) {
        return next().contains(target);
    }

    public boolean isFinal() {
        return next().isEmpty();
    }
}
