package io.quanyun.catalog;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An operator's report of a quality problem.
 *
 * @param fieldName the field concerned, or null for the whole dataset
 */
public record ReportQualityProblem(@Nullable UUID datasetId, @Nullable String fieldName, @Nullable String summary,
        @Nullable String description) {
}
