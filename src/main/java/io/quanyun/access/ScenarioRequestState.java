package io.quanyun.access;

import java.util.EnumSet;
import java.util.Set;

/** The life of a scenario request (一事一申请, Art. 13) through dual approval (Art. 12). */
public enum ScenarioRequestState {
    /** Being written by the operator; approvers do not see it yet. */
    DRAFT,
    /** Submitted: the authority and the provider of each requested dataset decide. */
    SUBMITTED,
    /** Every party approved; the grant was created. Final. */
    APPROVED,
    /** A party rejected it with reasons; the operator may amend it (back to a draft) or withdraw it. */
    REJECTED,
    /** Withdrawn by the operator before approval. Final. */
    WITHDRAWN;

    /** The states this one may move to. */
    public Set<ScenarioRequestState> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(SUBMITTED, WITHDRAWN);
            case SUBMITTED -> EnumSet.of(APPROVED, REJECTED, WITHDRAWN);
            case REJECTED -> EnumSet.of(DRAFT, WITHDRAWN);
            case APPROVED, WITHDRAWN -> EnumSet.noneOf(ScenarioRequestState.class);
        };
    }

    public boolean mayMoveTo(ScenarioRequestState target) {
        return next().contains(target);
    }

    public boolean isFinal() {
        return next().isEmpty();
    }
}
