package io.quanyun.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An export request as requesters and reviewers see it.
 *
 * @param reviews each reviewer's decision and reasons
 * @param csvSm3 SM3 of the CSV file, once approved
 * @param xlsxSm3 SM3 of the XLSX file, once approved
 */
public record ExportView(UUID id, UUID workspaceId, UUID queryId, String requester, String purpose,
        ExportState state, Instant requestedAt, @Nullable Instant decidedAt, List<Review> reviews,
        @Nullable String csvSm3, @Nullable String xlsxSm3) {

    /** One reviewer's decision. */
    public record Review(String reviewer, String decision, String reason, Instant reviewedAt) {
    }
}
