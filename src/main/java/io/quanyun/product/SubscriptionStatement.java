package io.quanyun.product;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The monthly statement of a subscription: calls by outcome, the billable (answered) calls, the fee per call
 * and the amount. Refused calls are listed and never billed.
 */
public record SubscriptionStatement(UUID subscriptionId, UUID productId, String productName, String consumerName,
        YearMonth month, Map<CallOutcome, Long> callsByOutcome, long billableCalls, long refusedCalls,
        PricingModel pricingModel, @Nullable BigDecimal feePerCall, BigDecimal amount, long monthlyQuota) {
}
