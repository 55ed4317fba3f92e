package io.quanyun.product;

import java.math.BigDecimal;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A product as callers of the facade see it. Null fields are not set yet or do not apply to the form. */
public record ProductView(UUID id, UUID operatorId, UUID grantId, ProductForm form, String name, String description,
        PricingModel pricingModel, @Nullable BigDecimal fee, @Nullable BigDecimal capPrice,
        @Nullable String consentPurpose, @Nullable VerificationDefinition verification, ProductState state,
        boolean suspendedByGrant, @Nullable RiskLevel riskLevel, @Nullable String findings,
        @Nullable String firstReviewer, @Nullable String secondReviewer) {
}
