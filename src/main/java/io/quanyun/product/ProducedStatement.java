package io.quanyun.product;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A monthly statement as produced when its month had ended (kept in {@code product_statement}). */
public record ProducedStatement(UUID subscriptionId, YearMonth month, long billableCalls, long refusedCalls,
        @Nullable BigDecimal feePerCall, BigDecimal amount, OffsetDateTime producedAt) {
}
