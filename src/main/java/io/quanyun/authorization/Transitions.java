package io.quanyun.authorization;

import java.util.List;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;

/** Builds the precise refusal of an illegal state transition. */
final class Transitions {

    private Transitions() {
    }

    static QuanyunException illegal(String objectType, Object id, Enum<?> from, Enum<?> to) {
        return new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION,
                objectType + " " + id + " cannot move from " + from + " to " + to, List.of(), objectType,
                String.valueOf(id));
    }

    static QuanyunException refuse(ErrorCode code, String detail, String objectType, Object id) {
        return new QuanyunException(code, detail, List.of(), objectType, String.valueOf(id));
    }
}
