package io.quanyun.product;

import java.math.BigDecimal;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An operator's revenue of a year against its permitted maximum.
 *
 * @param maximum the maximum the authority permits; null when not set (then no charge is refused)
 * @param remaining what may still be charged this year; null without a maximum
 */
public record RevenueStatus(UUID operatorId, int year, BigDecimal revenue, long units, @Nullable BigDecimal maximum,
        @Nullable BigDecimal remaining) {
}
