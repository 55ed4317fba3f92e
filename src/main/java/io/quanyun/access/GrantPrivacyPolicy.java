package io.quanyun.access;

import java.math.BigDecimal;
import java.util.Collection;

import org.jspecify.annotations.Nullable;

import io.quanyun.catalog.FieldDescriptor;
import io.quanyun.catalog.PersonalInformation;
import io.quanyun.shared.Violations;

/**
 * The privacy terms a grant carries: differential privacy when any granted field carries personal
 * information, else thresholds; k defaults to 10 and is never below 5; the budget defaults to a total epsilon
 * of 10.0 and 1.0 per question. The authority may set k and the budget when it approves.
 */
final class GrantPrivacyPolicy {

    static final String DIFFERENTIAL_PRIVACY = "DIFFERENTIAL_PRIVACY";
    static final String THRESHOLD = "THRESHOLD";
    static final int MINIMUM_K = 5;
    static final int DEFAULT_K = 10;
    static final int MAXIMUM_K = 10_000;
    static final BigDecimal DEFAULT_TOTAL_EPSILON = new BigDecimal("10.0");
    static final BigDecimal DEFAULT_EPSILON_PER_QUERY = new BigDecimal("1.0");
    static final BigDecimal MAXIMUM_TOTAL_EPSILON = new BigDecimal("100");

    private GrantPrivacyPolicy() {
    }

    /** Checks what the authority set at approval; every problem is reported together. */
    static void validate(@Nullable Integer k, @Nullable BigDecimal total, @Nullable BigDecimal perQuery) {
        Violations violations = Violations.create();
        if (k != null) {
            violations.check(k >= MINIMUM_K, "minimumGroupSize", "最小分组不得小于5 (k may never be below 5)");
            violations.check(k <= MAXIMUM_K, "minimumGroupSize", "最小分组过大 (k is too large)");
        }
        if (total != null) {
            violations.check(total.signum() > 0 && total.compareTo(MAXIMUM_TOTAL_EPSILON) <= 0, "totalEpsilon",
                    "总隐私预算须大于0且不超过100 (total epsilon: above 0, at most 100)");
        }
        if (perQuery != null) {
            BigDecimal ceiling = total == null ? DEFAULT_TOTAL_EPSILON : total;
            violations.check(perQuery.signum() > 0 && perQuery.compareTo(ceiling) <= 0, "epsilonPerQuery",
                    "单次隐私预算须大于0且不超过总预算 (epsilon per query: above 0, at most the total)");
        }
        violations.throwIfAny();
    }

    /** The terms for the granted fields and what the authority set (null: default). */
    static PrivacyTerms termsFor(Collection<FieldDescriptor> grantedFields, @Nullable Integer k,
            @Nullable BigDecimal total, @Nullable BigDecimal perQuery) {
        boolean personal = grantedFields.stream()
                .anyMatch(f -> f.personalInformation() != PersonalInformation.NONE);
        return new PrivacyTerms(personal ? DIFFERENTIAL_PRIVACY : THRESHOLD, k == null ? DEFAULT_K : k,
                total == null ? DEFAULT_TOTAL_EPSILON : total, perQuery == null ? DEFAULT_EPSILON_PER_QUERY : perQuery);
    }
}
