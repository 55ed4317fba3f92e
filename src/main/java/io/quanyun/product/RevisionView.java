package io.quanyun.product;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One published content of a statistics, report or model product. A new approved export (or a new training)
 * makes a new revision; the product serves its latest.
 *
 * @param exportIds the approved sandbox exports behind it (empty for a model)
 * @param contentSm3 SM3 of the stored content (the released table, the report's sources, the model's parameters)
 * @param pdfSm3 SM3 of the report's PDF, for reports
 */
public record RevisionView(UUID productId, int revision, String kind, List<UUID> exportIds, String title,
        String contentSm3, @Nullable String pdfSm3, String publishedBy, Instant publishedAt) {

    public RevisionView {
        exportIds = List.copyOf(exportIds);
    }
}
