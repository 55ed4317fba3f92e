package io.quanyun.sandbox.policy;

import static java.util.Objects.requireNonNull;

/**
 * One protected aggregate of a block and the engine columns that carry its exact inputs. Column
 * indices are positions in the engine row; {@code -1} means absent.
 *
 * @param kind the aggregate
 * @param valueColumn the exact count, or the clamped sum
 * @param countColumn for an average, the count of values; else -1
 * @param absoluteTotalColumn for sums and averages in threshold mode, the sum of absolute per-person contributions
 * @param largestColumn the largest absolute per-person contribution
 * @param twoLargestColumn the sum of the two largest absolute per-person contributions
 * @param valueSensitivity how much one person can change the value (differential privacy)
 * @param countSensitivity how much one person can change the count of an average
 */
public record ProtectedMeasure(MeasureKind kind, int valueColumn, int countColumn, int absoluteTotalColumn,
        int largestColumn, int twoLargestColumn, long valueSensitivity, long countSensitivity) {

    public ProtectedMeasure {
        requireNonNull(kind, "kind is null");
    }

    /** Whether the dominance rule applies (threshold mode sums and averages). */
    public boolean hasDominanceColumns() {
        return absoluteTotalColumn >= 0;
    }

    /** How many equal shares of a query's epsilon this measure's noise needs. */
    int noiseShares() {
        return switch (kind) {
            case COUNT_UNITS -> 0;
            case COUNT_ROWS, COUNT_VALUES, SUM -> 1;
            case AVERAGE -> 2;
        };
    }
}
