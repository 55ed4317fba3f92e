package io.quanyun.supervision;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Command: an evaluator scores an operator on one criterion (0 to 100), with the evidence it relied on. */
public record ScoreOperator(@Nullable UUID operatorId, @Nullable Criterion criterion, @Nullable Integer score,
        @Nullable String evidence) {
}
