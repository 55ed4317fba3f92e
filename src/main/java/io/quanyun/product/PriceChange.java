package io.quanyun.product;

import java.math.BigDecimal;
import java.time.Instant;

/** One change of a product's cap price (by the authorizer) or fee (by the operator). */
public record PriceChange(String what, BigDecimal amount, PricingModel unit, String changedBy, Instant changedAt) {
}
