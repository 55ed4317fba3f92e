package io.quanyun.product;

import java.time.LocalDate;
import java.util.UUID;

/** The calls made with one API key on one day (Asia/Shanghai). */
public record CallUsage(UUID apiKeyId, String consumerName, LocalDate day, long calls) {
}
