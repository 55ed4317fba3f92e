package io.quanyun.sandbox;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * What protection did to a result.
 *
 * @param mode the privacy mode applied
 * @param epsilonSpent epsilon this call spent; zero in threshold mode and for a recorded answer
 * @param epsilonRemaining the grant's remaining budget after this call
 * @param suppressedGroups groups withheld (too few persons, or secondary suppression)
 * @param suppressedCells single sum or average cells withheld (dominance, or its secondary suppression)
 * @param recordedAnswer whether this is the recorded answer of an earlier identical question
 */
public record PrivacySummary(PrivacyMode mode, BigDecimal epsilonSpent, BigDecimal epsilonRemaining,
        int suppressedGroups, int suppressedCells, boolean recordedAnswer) {

    public PrivacySummary {
        requireNonNull(mode, "mode is null");
        requireNonNull(epsilonSpent, "epsilonSpent is null");
        requireNonNull(epsilonRemaining, "epsilonRemaining is null");
        if (suppressedGroups < 0 || suppressedCells < 0) {
            throw new IllegalArgumentException("negative suppression count");
        }
    }
}
