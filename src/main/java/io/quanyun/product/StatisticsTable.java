package io.quanyun.product;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A statistics product's published table (数据服务): the released result of an approved sandbox export, with its
 * metadata. Cells are the protected aggregates that passed the export gate; a suppressed cell is null.
 *
 * @param revision the product revision; a new approved export makes a new one
 * @param privacyMode the protection the sandbox applied (threshold or differential privacy)
 * @param csvSm3 SM3 of the approved export's CSV file, which the table reproduces
 * @param reviewers the authority reviewers who approved the export
 */
public record StatisticsTable(UUID productId, String name, int revision, UUID exportId, List<Column> columns,
        List<List<Object>> rows, String privacyMode, String purpose, String csvSm3, List<String> reviewers,
        Instant approvedAt, Instant publishedAt) {

    /** A column: its name and SQL type. */
    public record Column(String name, String type) {
    }

    public StatisticsTable {
        columns = List.copyOf(columns);
        rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r))).toList();
        reviewers = List.copyOf(reviewers);
    }
}
