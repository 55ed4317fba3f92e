package io.quanyun.product;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A listed product as consumers browse it: what it answers and its named inputs, its price, never data.
 *
 * @param inputs the names of the inputs a call carries
 * @param subscriptionId the viewer's active subscription, null when it has none
 */
public record ListedProduct(UUID id, String name, String description, ProductForm form, String operatorName,
        PricingModel pricingModel, @Nullable BigDecimal fee, List<String> inputs, @Nullable String consentPurpose,
        @Nullable UUID subscriptionId) {
}
