package io.quanyun.sandbox;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.relational.core.mapping.Table;

/** One reviewer's decision on an export, with reasons. */
@Table("sandbox_export_review")
record ExportReview(UUID reviewerId, String reviewer, String decision, String reason, Instant reviewedAt) {

    static final String APPROVE = "APPROVE";
    static final String REJECT = "REJECT";
}
