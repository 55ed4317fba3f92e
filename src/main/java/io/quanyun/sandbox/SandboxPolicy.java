package io.quanyun.sandbox;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * The privacy policy a grant's queries run under.
 *
 * @param minimumGroupSize k: the fewest distinct persons a released group may cover; at least 5
 * @param mode threshold (exact values, suppression) or differential privacy (noise and budget)
 * @param measureBounds clamp bounds per numeric measure, keyed {@code table.column}; a measure
 *     without bounds cannot be summed or averaged
 * @param epsilonPerQuery epsilon one differentially private query spends; positive
 * @param totalEpsilon the grant's whole budget; not below {@code epsilonPerQuery}
 * @param maximumRowsPerUnit in differential privacy mode, the most rows one person may contribute
 *     to a query (further rows are dropped); at least 1
 */
public record SandboxPolicy(
        int minimumGroupSize,
        PrivacyMode mode,
        Map<String, Clamp> measureBounds,
        BigDecimal epsilonPerQuery,
        BigDecimal totalEpsilon,
        int maximumRowsPerUnit) {

    /** Default k. */
    public static final int DEFAULT_MINIMUM_GROUP_SIZE = 10;

    /** The smallest k any policy may use. */
    public static final int LOWEST_MINIMUM_GROUP_SIZE = 5;

    public SandboxPolicy {
        if (minimumGroupSize < LOWEST_MINIMUM_GROUP_SIZE) {
            throw new IllegalArgumentException("minimum group size below " + LOWEST_MINIMUM_GROUP_SIZE);
        }
        requireNonNull(mode, "mode is null");
        measureBounds = Map.copyOf(requireNonNull(measureBounds, "measureBounds is null"));
        requireNonNull(epsilonPerQuery, "epsilonPerQuery is null");
        requireNonNull(totalEpsilon, "totalEpsilon is null");
        if (epsilonPerQuery.signum() <= 0) {
            throw new IllegalArgumentException("epsilon per query must be positive");
        }
        if (totalEpsilon.compareTo(epsilonPerQuery) < 0) {
            throw new IllegalArgumentException("total epsilon below epsilon per query");
        }
        if (maximumRowsPerUnit < 1) {
            throw new IllegalArgumentException("maximum rows per unit below 1");
        }
    }

    /** A threshold policy with the default k. */
    public static SandboxPolicy threshold(Map<String, Clamp> measureBounds) {
        return new SandboxPolicy(DEFAULT_MINIMUM_GROUP_SIZE, PrivacyMode.THRESHOLD, measureBounds,
                BigDecimal.ONE, BigDecimal.ONE, 1);
    }

    /** A differential privacy policy with the default k. */
    public static SandboxPolicy differentialPrivacy(Map<String, Clamp> measureBounds, BigDecimal epsilonPerQuery,
            BigDecimal totalEpsilon, int maximumRowsPerUnit) {
        return new SandboxPolicy(DEFAULT_MINIMUM_GROUP_SIZE, PrivacyMode.DIFFERENTIAL_PRIVACY, measureBounds,
                epsilonPerQuery, totalEpsilon, maximumRowsPerUnit);
    }

    /** Bounds of {@code table.column}, if the policy declares them. */
    public Optional<Clamp> bounds(String table, String column) {
        return Optional.ofNullable(measureBounds.get(table + "." + column));
    }
}
