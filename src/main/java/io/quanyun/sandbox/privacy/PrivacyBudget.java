package io.quanyun.sandbox.privacy;

import static java.util.Objects.requireNonNull;

import io.quanyun.sandbox.QueryRefused;
import io.quanyun.sandbox.RefusalRule;
import java.math.BigDecimal;

/**
 * A grant's epsilon budget. Spending is atomic and exact (decimal arithmetic), so concurrent
 * queries can never spend more than the total together. Budget is spent before a query runs and is
 * not given back if the query later fails.
 */
public final class PrivacyBudget {

    private final BigDecimal total;
    private BigDecimal spent = BigDecimal.ZERO;

    /** A budget of {@code total} epsilon, nothing spent. */
    public PrivacyBudget(BigDecimal total) {
        this.total = requireNonNull(total, "total is null");
        if (total.signum() < 0) {
            throw new IllegalArgumentException("total epsilon is negative");
        }
    }

    /**
     * Spends {@code epsilon}.
     *
     * @return the remaining budget
     * @throws QueryRefused with {@link RefusalRule#BUDGET_EXHAUSTED} if the remaining budget is smaller
     */
    public synchronized BigDecimal spend(BigDecimal epsilon) {
        requireNonNull(epsilon, "epsilon is null");
        if (epsilon.signum() <= 0) {
            throw new IllegalArgumentException("epsilon must be positive");
        }
        BigDecimal after = spent.add(epsilon);
        if (after.compareTo(total) > 0) {
            throw new QueryRefused(RefusalRule.BUDGET_EXHAUSTED);
        }
        spent = after;
        return total.subtract(spent);
    }

    /** The epsilon still available. */
    public synchronized BigDecimal remaining() {
        return total.subtract(spent);
    }

    /** The epsilon spent so far. */
    public synchronized BigDecimal spent() {
        return spent;
    }
}
