package io.quanyun.product;

import java.math.BigDecimal;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An operator's revenue of a year against its permitted maximum.
 *
 * @param revenue the charges recorded (settled)
 * @param unsettled the answered calls of charged per-call products metered this year and not yet settled into
 *        charges, at the product's fee: they already count against the maximum
 * @param remaining what may still be charged or answered this year ({@code maximum - revenue - unsettled});
 *        null without a maximum
 * @param maximum the maximum the authority permits; null when not set (then no charge is refused)
 */
public record RevenueStatus(UUID operatorId, int year, BigDecimal revenue, long units, @Nullable BigDecimal maximum,
        @Nullable BigDecimal remaining, BigDecimal unsettled) {
}
