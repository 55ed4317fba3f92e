package io.quanyun.access;

import java.math.BigDecimal;

/**
 * The privacy policy a grant carries into the sandbox.
 *
 * @param mode {@code THRESHOLD} or {@code DIFFERENTIAL_PRIVACY} (default for datasets with personal information)
 * @param minimumGroupSize k: each released row covers at least k distinct privacy units (default 10, never below 5)
 * @param totalEpsilon the grant's differential-privacy budget
 * @param epsilonPerQuery what one distinct question spends
 */
public record PrivacyTerms(String mode, int minimumGroupSize, BigDecimal totalEpsilon, BigDecimal epsilonPerQuery) {
}
