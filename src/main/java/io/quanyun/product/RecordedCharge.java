package io.quanyun.product;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A recorded charge: units of a product used and the amount they cost, in the operator's revenue of a year. */
public record RecordedCharge(UUID id, UUID productId, UUID operatorId, int year, long units, BigDecimal amount,
        String reference, Instant recordedAt) {
}
