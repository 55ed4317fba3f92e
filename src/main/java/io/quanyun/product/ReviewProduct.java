package io.quanyun.product;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * The authority's compliance review and risk assessment of a product under review.
 *
 * @param approved whether the checklist passes; a failing review returns the product to its operator
 * @param findings the checklist's findings, required when not approved
 * @param capPrice the cap price the authority sets; required when approving a charged product
 */
public record ReviewProduct(boolean approved, @Nullable RiskLevel riskLevel, @Nullable String findings,
        @Nullable BigDecimal capPrice) {
}
