package io.quanyun.sandbox;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One query of the history: who, when, the text and its SM3, the verdict and rule, the plan hash,
 * the epsilon spent and the SM3 of the released output. Never raw rows.
 *
 * @param kind {@code QUERY} or {@code DERIVED_TABLE}
 * @param verdict {@code RUNNING}, {@code ACCEPTED}, {@code REFUSED} or {@code FAILED}
 * @param rule the refusal or failure code, null when accepted
 */
public record QueryRecord(UUID id, UUID workspaceId, String username, Instant startedAt, @Nullable Instant finishedAt,
        String sql, String sqlSm3, String kind, String verdict, @Nullable String rule, @Nullable String planHash,
        @Nullable BigDecimal epsilonSpent, @Nullable String outputSm3) {
}
