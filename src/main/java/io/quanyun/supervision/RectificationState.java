package io.quanyun.supervision;

import java.util.EnumSet;
import java.util.Set;

/** The life of a rectification order (Art. 18). */
public enum RectificationState {
    /** Drafted from a failed evaluation; the authorizer completes content and deadline, then issues it. */
    PROPOSED,
    /** Issued: the operator's data access under this authorizer is suspended until the order is accepted. */
    ISSUED,
    /** The operator reported completion with evidence; the authorizer decides. */
    SUBMITTED,
    /** The authorizer accepted the rectification; access is restored. Final. */
    ACCEPTED,
    /** Not accepted by the deadline; the agreement is to be terminated. Final. */
    FAILED,
    /** A proposal the authorizer decided not to issue. Final. */
    DISCARDED;

    /** The states this one may move to. A rejection moves SUBMITTED back to ISSUED. */
    public Set<RectificationState> next() {
        return switch (this) {
            case PROPOSED -> EnumSet.of(ISSUED, DISCARDED);
            case ISSUED -> EnumSet.of(SUBMITTED, FAILED);
            case SUBMITTED -> EnumSet.of(ACCEPTED, ISSUED, FAILED);
            case ACCEPTED, FAILED, DISCARDED -> EnumSet.noneOf(RectificationState.class);
        };
    }

    public boolean isFinal() {
        return next().isEmpty();
    }

    /** Whether the operator's access stays suspended while the order is in this state. */
    public boolean suspendsAccess() {
        return switch (this) {
            case ISSUED, SUBMITTED, FAILED -> true;
            case PROPOSED, ACCEPTED, DISCARDED -> false;
        };
    }
}
