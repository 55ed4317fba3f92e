package io.quanyun.product;

import java.math.BigDecimal;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An operator registers a product under one of its active grants.
 *
 * @param fee the operator's fee; null or zero for {@link PricingModel#FREE}
 * @param consentPurpose the purpose data subjects consent to for this product; required for verification
 * @param verification the question; required for {@link ProductForm#DATA_VERIFICATION}, null otherwise
 */
public record RegisterProduct(@Nullable UUID grantId, @Nullable ProductForm form, @Nullable String name,
        @Nullable String description, @Nullable PricingModel pricingModel, @Nullable BigDecimal fee,
        @Nullable String consentPurpose, @Nullable VerificationDefinition verification) {
}
