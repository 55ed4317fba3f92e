package io.quanyun.product;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A published annual operating report (operator set) or yearly public disclosure (operator null), frozen with its
 * SM3.
 *
 * @param onTime whether it was published by the end of March of the following year
 */
public record PublishedDisclosure(UUID id, int year, @Nullable UUID operatorId, String sm3, String publishedBy,
        Instant publishedAt, boolean onTime) {
}
