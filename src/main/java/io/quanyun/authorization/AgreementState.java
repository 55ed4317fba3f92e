package io.quanyun.authorization;

import java.util.EnumSet;
import java.util.Set;

/** The life of an authorization agreement (Art. 8(4)-(5), 9). */
public enum AgreementState {
    /** Generated and rendered; the operator's legal representative signs first. */
    AWAITING_OPERATOR_SIGNATURE("待运营单位签署"),
    /** The operator signed; the authorizer signs next. */
    AWAITING_AUTHORIZER_SIGNATURE("待授权方签署"),
    /** Fully signed: in force until the end of its term. */
    ACTIVE("生效"),
    /** Its term ended; data grants under it end. Final. */
    EXPIRED("已到期"),
    /** Terminated early by the authorizer with a reason. Final. */
    TERMINATED("已终止");

    private final String labelZh;

    AgreementState(String labelZh) {
        this.labelZh = labelZh;
    }

    public String labelZh() {
        return labelZh;
    }

    public Set<AgreementState> next() {
        return switch (this) {
            case AWAITING_OPERATOR_SIGNATURE -> EnumSet.of(AWAITING_AUTHORIZER_SIGNATURE);
            case AWAITING_AUTHORIZER_SIGNATURE -> EnumSet.of(ACTIVE);
            case ACTIVE -> EnumSet.of(EXPIRED, TERMINATED);
            case EXPIRED, TERMINATED -> EnumSet.noneOf(AgreementState.class);
        };
    }

    public boolean canMoveTo(AgreementState target) {
        return next().contains(target);
    }

    public boolean isFinal() {
        return next().isEmpty();
    }
}
