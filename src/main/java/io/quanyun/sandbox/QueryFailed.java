package io.quanyun.sandbox;

import static java.util.Objects.requireNonNull;

/**
 * A checked query could not be answered by the engine. The message is generic; the engine's own
 * text is never attached.
 */
public final class QueryFailed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the engine did not answer. */
    public enum Reason {
        /** The query ran past its time limit. */
        TIMEOUT("查询超时", "The query ran out of time"),
        /** The query was cancelled. */
        CANCELLED("查询已取消", "The query was cancelled"),
        /** The engine failed; details are not disclosed. */
        ENGINE_ERROR("分析引擎内部错误", "The analytic engine failed");

        private final String message;

        Reason(String chinese, String english) {
            this.message = chinese + " / " + english;
        }
    }

    private final Reason reason;

    /** A failure for {@code reason}. */
    public QueryFailed(Reason reason) {
        super(requireNonNull(reason, "reason is null").message, null, false, false);
        this.reason = reason;
    }

    /** Why the engine did not answer. */
    public Reason reason() {
        return reason;
    }
}
