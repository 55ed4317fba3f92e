package io.quanyun.sandbox.privacy;

import static java.util.Objects.requireNonNull;

import io.quanyun.sandbox.PrivacyMode;
import io.quanyun.sandbox.SandboxPolicy;
import io.quanyun.sandbox.policy.ProtectedBlock;
import io.quanyun.sandbox.policy.ProtectedBlock.BlockColumn;
import io.quanyun.sandbox.policy.ProtectedMeasure;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Protects the engine rows of one block and drops the helper columns.
 *
 * <p>The engine returns every group with a flag telling whether the analyst's HAVING keeps it, so
 * that suppression decisions are taken over all groups and a HAVING cannot remove a small group
 * before secondary suppression sees it; only kept groups are released.
 *
 * <p><b>Threshold mode</b>, in this order:
 * <ol>
 *   <li><i>Minimum group size</i>: a group covering fewer than k distinct persons is withheld.
 *   <li><i>Dominance</i> ((1, 50%) and (2, 67%) rules): a sum or average cell is withheld when the
 *       largest person's absolute contribution exceeds 50% of the group's absolute total, or the two
 *       largest together exceed 67%.
 *   <li><i>Secondary suppression</i>: if exactly one group of a block was withheld by rule 1 and
 *       other groups are released, the released (HAVING-kept) group with the fewest persons is withheld too, so the
 *       withheld group cannot be recovered as a total (asked by another query or another UNION ALL
 *       branch) minus the released groups. Likewise, if exactly one cell of a measure was withheld by
 *       rule 2 among released groups, the released cell of that measure with the smallest absolute
 *       total is withheld too. This is not a complete cell-suppression audit: totals spread over
 *       several queries can still be combined, which only differential privacy prevents.
 * </ol>
 *
 * <p><b>Differential privacy mode</b>: the query's epsilon is split into equal shares, one per noisy
 * quantity of each block (the persons count, and one per count or sum; two per average). Each exact
 * quantity gets discrete Laplace noise with scale sensitivity / share, where the sensitivity is the
 * rows one person may contribute times the clamp magnitude (for sums) or times one (for counts).
 * A group is released when its noisy persons count reaches k and the selection threshold tau (private
 * selection of group keys): a group that exists only because of one person has persons count 1, that person
 * falls into at most m groups of the block (m the rows one person may contribute), and the count's noise has
 * scale b, so releasing only when the noisy count reaches {@code tau = 1 + ceil(b ln(m / delta))} lets such a
 * group through with probability at most {@code delta} in all: the keys are selected with the persons count's
 * epsilon share and {@code delta} (see docs/sandbox-refusals.md, "Privacy accounting"). Counts are floored at zero; averages
 * are the noisy sum over the noisy count (at least 1), rounded to two decimals. Released counts and sums are
 * integers.
 */
public final class OutputProtection {

    private static final BigDecimal LARGEST_SHARE = new BigDecimal("0.50");
    private static final BigDecimal TWO_LARGEST_SHARE = new BigDecimal("0.67");

    /** The default delta of the private selection of group keys, per block of a question. */
    public static final double DEFAULT_SELECTION_DELTA = 1e-5;

    private final DiscreteSamplers samplers;
    private final double selectionDelta;

    /** Protection drawing noise from {@code random}, selecting group keys with the default delta. */
    public OutputProtection(RandomSource random) {
        this(random, DEFAULT_SELECTION_DELTA);
    }

    /**
     * Protection drawing noise from {@code random}.
     *
     * @param selectionDelta the probability, per block of a question, that a group one person alone creates is
     *     released; in (0, 0.5)
     */
    public OutputProtection(RandomSource random, double selectionDelta) {
        this.samplers = new DiscreteSamplers(requireNonNull(random, "random is null"));
        if (!(selectionDelta > 0 && selectionDelta < 0.5)) {
            throw new IllegalArgumentException("selection delta must be in (0, 0.5)");
        }
        this.selectionDelta = selectionDelta;
    }

    /**
     * The smallest noisy persons count at which a group is released in differential privacy mode: the larger of
     * k and {@code 1 + ceil(b ln(m / delta))}, b the persons count's noise scale, m the groups one person can
     * fall into.
     */
    long selectionThreshold(long groupsPerPerson, BigInteger epsilonNumerator, BigInteger epsilonDenominator,
            int totalShares, int minimumGroupSize) {
        double scale = groupsPerPerson * (double) totalShares * epsilonDenominator.doubleValue()
                / epsilonNumerator.doubleValue();
        double tau = 1 + Math.ceil(scale * Math.log(groupsPerPerson / selectionDelta));
        return Math.max(minimumGroupSize, (long) Math.min(tau, Long.MAX_VALUE / 2));
    }

    /**
     * Protects one block's rows.
     *
     * @param block the block as rewritten by the checker
     * @param engineRows the engine's rows for it, with helper columns
     * @param policy the grant's policy
     * @param totalShares the number of equal epsilon shares of the whole query
     */
    public ProtectedRows protect(ProtectedBlock block, List<List<Object>> engineRows, SandboxPolicy policy,
            int totalShares) {
        return policy.mode() == PrivacyMode.THRESHOLD
                ? threshold(block, engineRows, policy)
                : differentialPrivacy(block, engineRows, policy, totalShares);
    }

    private static ProtectedRows threshold(ProtectedBlock block, List<List<Object>> rows, SandboxPolicy policy) {
        int count = rows.size();
        boolean[] withheld = new boolean[count];
        int primary = 0;
        for (int r = 0; r < count; r++) {
            if (longValue(rows.get(r).get(block.unitsColumn())) < policy.minimumGroupSize()) {
                withheld[r] = true;
                primary++;
            }
        }
        int groups = primary;
        if (primary == 1 && primary < count) {
            int smallest = -1;
            for (int r = 0; r < count; r++) {
                if (!withheld[r] && isKept(block, rows.get(r)) && (smallest < 0 || longValue(rows.get(r).get(block.unitsColumn()))
                        < longValue(rows.get(smallest).get(block.unitsColumn())))) {
                    smallest = r;
                }
            }
            if (smallest >= 0) {
                withheld[smallest] = true;
                groups++;
            }
        }
        List<ProtectedMeasure> measures = block.measures();
        boolean[][] cellWithheld = new boolean[count][measures.size()];
        int cells = 0;
        for (int j = 0; j < measures.size(); j++) {
            ProtectedMeasure measure = measures.get(j);
            if (!measure.hasDominanceColumns()) {
                continue;
            }
            int dominated = 0;
            for (int r = 0; r < count; r++) {
                if (!withheld[r] && isKept(block, rows.get(r)) && isDominated(rows.get(r), measure)) {
                    cellWithheld[r][j] = true;
                    dominated++;
                }
            }
            cells += dominated;
            if (dominated == 1) {
                int smallest = -1;
                for (int r = 0; r < count; r++) {
                    if (!withheld[r] && isKept(block, rows.get(r)) && !cellWithheld[r][j] && (smallest < 0
                            || decimal(rows.get(r).get(measure.absoluteTotalColumn())).compareTo(
                                    decimal(rows.get(smallest).get(measure.absoluteTotalColumn()))) < 0)) {
                        smallest = r;
                    }
                }
                if (smallest >= 0) {
                    cellWithheld[smallest][j] = true;
                    cells++;
                }
            }
        }
        var released = new ArrayList<List<Object>>();
        int candidates = 0;
        for (int r = 0; r < count; r++) {
            if (!isKept(block, rows.get(r))) {
                continue;
            }
            candidates++;
            if (withheld[r]) {
                continue;
            }
            List<Object> row = rows.get(r);
            Object[] values = new Object[measures.size()];
            for (int j = 0; j < measures.size(); j++) {
                values[j] = cellWithheld[r][j] ? null : exactValue(row, measures.get(j));
            }
            released.add(output(block, row, values));
        }
        return new ProtectedRows(released, groups, cells, candidates);
    }

    private static boolean isKept(ProtectedBlock block, List<Object> row) {
        return Boolean.TRUE.equals(row.get(block.keepColumn()));
    }

    private static boolean isDominated(List<Object> row, ProtectedMeasure measure) {
        BigDecimal total = decimal(row.get(measure.absoluteTotalColumn()));
        if (total.signum() <= 0) {
            return false;
        }
        BigDecimal largest = decimal(row.get(measure.largestColumn()));
        BigDecimal twoLargest = decimal(row.get(measure.twoLargestColumn()));
        return largest.compareTo(total.multiply(LARGEST_SHARE)) > 0
                || twoLargest.compareTo(total.multiply(TWO_LARGEST_SHARE)) > 0;
    }

    private static Object exactValue(List<Object> row, ProtectedMeasure measure) {
        Object value = row.get(measure.valueColumn());
        return switch (measure.kind()) {
            case COUNT_ROWS, COUNT_VALUES, COUNT_UNITS -> value == null ? 0L : longValue(value);
            case SUM -> value instanceof BigInteger || value instanceof BigDecimal ? decimal(value).longValueExact()
                    : value;
            case AVERAGE -> {
                Object count = row.get(measure.countColumn());
                yield value == null || count == null || longValue(count) == 0 ? null
                        : decimal(value).doubleValue() / longValue(count);
            }
        };
    }

    private ProtectedRows differentialPrivacy(ProtectedBlock block, List<List<Object>> rows, SandboxPolicy policy,
            int totalShares) {
        BigDecimal epsilon = policy.epsilonPerQuery().stripTrailingZeros();
        BigInteger epsilonNumerator = epsilon.unscaledValue();
        BigInteger epsilonDenominator = BigInteger.ONE;
        if (epsilon.scale() > 0) {
            epsilonDenominator = BigInteger.TEN.pow(epsilon.scale());
        } else if (epsilon.scale() < 0) {
            epsilonNumerator = epsilonNumerator.multiply(BigInteger.TEN.pow(-epsilon.scale()));
        }
        Noise noise = new Noise(epsilonNumerator, epsilonDenominator, BigInteger.valueOf(totalShares));
        long threshold = selectionThreshold(block.unitSensitivity(), epsilonNumerator, epsilonDenominator, totalShares,
                policy.minimumGroupSize());
        var released = new ArrayList<List<Object>>();
        int suppressed = 0;
        int candidates = 0;
        for (List<Object> row : rows) {
            if (!isKept(block, row)) {
                continue;
            }
            candidates++;
            long units = longValue(row.get(block.unitsColumn()));
            long noisyUnits = units + noise.sample(block.unitSensitivity());
            if (noisyUnits < threshold) {
                suppressed++;
                continue;
            }
            List<ProtectedMeasure> measures = block.measures();
            Object[] values = new Object[measures.size()];
            for (int j = 0; j < measures.size(); j++) {
                ProtectedMeasure measure = measures.get(j);
                Object exact = row.get(measure.valueColumn());
                long value = exact == null ? 0L : longValue(exact);
                values[j] = switch (measure.kind()) {
                    case COUNT_UNITS -> Math.max(0L, noisyUnits);
                    case COUNT_ROWS, COUNT_VALUES -> Math.max(0L, value + noise.sample(measure.valueSensitivity()));
                    case SUM -> value + noise.sample(measure.valueSensitivity());
                    case AVERAGE -> {
                        long noisySum = value + noise.sample(measure.valueSensitivity());
                        long count = longValue(row.get(measure.countColumn()));
                        long noisyCount = Math.max(1L, count + noise.sample(measure.countSensitivity()));
                        yield BigDecimal.valueOf(noisySum).divide(BigDecimal.valueOf(noisyCount), 2,
                                RoundingMode.HALF_EVEN).doubleValue();
                    }
                };
            }
            released.add(output(block, row, values));
        }
        return new ProtectedRows(released, suppressed, 0, candidates);
    }

    /** Laplace noise for one query: scale = sensitivity * shares / epsilon, exactly. */
    private final class Noise {

        private final BigInteger epsilonNumerator;
        private final BigInteger epsilonDenominator;
        private final BigInteger shares;

        Noise(BigInteger epsilonNumerator, BigInteger epsilonDenominator, BigInteger shares) {
            this.epsilonNumerator = epsilonNumerator;
            this.epsilonDenominator = epsilonDenominator;
            this.shares = shares;
        }

        long sample(long sensitivity) {
            // scale t/s = sensitivity / (epsilon / shares) = sensitivity * shares * denominator / numerator
            BigInteger t = BigInteger.valueOf(sensitivity).multiply(shares).multiply(epsilonDenominator);
            return samplers.laplace(epsilonNumerator, t).longValueExact();
        }
    }

    private static List<Object> output(ProtectedBlock block, List<Object> row, Object[] measureValues) {
        var out = new ArrayList<Object>();
        for (BlockColumn column : block.columns()) {
            out.add(column.kind() == BlockColumn.Kind.MEASURE ? measureValues[column.measure()]
                    : row.get(column.engineColumn()));
        }
        return out;
    }

    private static long longValue(Object value) {
        if (value == null) {
            return 0L;
        }
        if (value instanceof Long l) {
            return l;
        }
        return decimal(value).longValue();
    }

    private static BigDecimal decimal(Object value) {
        if (value == null) {
            return BigDecimal.ZERO;
        }
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Double d) {
            return BigDecimal.valueOf(d);
        }
        return new BigDecimal(value.toString());
    }
}
