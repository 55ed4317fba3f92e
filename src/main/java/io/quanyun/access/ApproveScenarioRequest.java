package io.quanyun.access;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * Command: the authority or a provider approves a submitted request. Only the authority may set the privacy
 * terms; null means the default (k = 10, total epsilon 10.0, epsilon per query 1.0).
 *
 * @param minimumGroupSize k, never below 5
 * @param note an optional remark kept with the decision
 */
public record ApproveScenarioRequest(@Nullable Integer minimumGroupSize, @Nullable BigDecimal totalEpsilon,
        @Nullable BigDecimal epsilonPerQuery, @Nullable String note) {

    public static ApproveScenarioRequest withDefaults() {
        return new ApproveScenarioRequest(null, null, null, null);
    }
}
