package io.quanyun.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A result that passed the sandbox's protection and the two-reviewer export gate (Art. 13), as data products
 * take it: the released table, never rows of the data behind it.
 *
 * @param columns the released columns
 * @param rows the released rows; a suppressed cell is null
 * @param privacyMode the protection applied to the result
 * @param csvSm3 SM3 of the export's CSV file, which ties a product revision to the reviewed file
 * @param reviewers the authority reviewers who approved it
 */
public record ApprovedExport(UUID exportId, UUID grantId, UUID operatorId, UUID queryId, String purpose,
        Instant approvedAt, List<ResultColumn> columns, List<List<Object>> rows, PrivacyMode privacyMode,
        String csvSm3, List<String> reviewers) {

    public ApprovedExport {
        columns = List.copyOf(columns);
        rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r))).toList();
        reviewers = List.copyOf(reviewers);
    }
}
