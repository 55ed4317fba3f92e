package io.quanyun.product;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A subscription with its keys (hints only, never the key). */
public record SubscriptionView(UUID id, UUID productId, String productName, ProductState productState,
        UUID consumerId, String consumerName, long monthlyQuota, int ratePerSecond, SubscriptionState state,
        OffsetDateTime createdAt, @Nullable OffsetDateTime cancelledAt, List<SubscriptionKeyView> keys) {
}
