package io.quanyun.supervision;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/** Command: open an evaluation campaign with weighted criteria (weights in percent, summing to 100). */
public record OpenEvaluation(@Nullable String name, @Nullable String period, @Nullable Integer passMark,
        @Nullable Map<Criterion, Integer> weights) {
}
