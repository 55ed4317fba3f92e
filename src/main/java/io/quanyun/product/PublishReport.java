package io.quanyun.product;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A data report built from approved exports of the product's grant.
 *
 * @param title the report's title
 * @param summary the operator's findings, in prose
 * @param exportIds one to ten approved exports, in the order they appear
 */
public record PublishReport(@Nullable String title, @Nullable String summary, @Nullable List<UUID> exportIds) {
}
