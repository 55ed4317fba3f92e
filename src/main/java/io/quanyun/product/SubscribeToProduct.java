package io.quanyun.product;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A consumer subscribes to a listed product.
 *
 * @param monthlyQuota answered calls per calendar month (Asia/Shanghai); null for the default
 * @param ratePerSecond calls per second; null for the default
 */
public record SubscribeToProduct(@Nullable UUID productId, @Nullable Long monthlyQuota,
        @Nullable Integer ratePerSecond) {
}
