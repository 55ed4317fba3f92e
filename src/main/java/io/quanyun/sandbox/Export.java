package io.quanyun.sandbox;

import static java.util.Objects.requireNonNull;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A request to take one released result out of the platform. Two reviewers at the authority, neither of
 * them the requester, must each approve; one rejection ends it. On approval the CSV and XLSX files are
 * made once, with the export id embedded, and their SM3 hashes recorded.
 */
@Table("sandbox_export")
final class Export {

    static final int APPROVALS_NEEDED = 2;

    private final @Id UUID id;
    private final UUID workspaceId;
    private final UUID queryId;
    private final UUID requestedBy;
    private final String requester;
    private final String purpose;
    private ExportState state;
    private final Instant requestedAt;
    private @Nullable Instant decidedAt;
    private @Nullable String csvText;
    private @Nullable String csvSm3;
    private @Nullable String xlsxBase64;
    private @Nullable String xlsxSm3;
    @MappedCollection(idColumn = "export_id")
    private final Set<ExportReview> reviews;
    private @Version @Nullable Long version;

    @PersistenceCreator
    Export(UUID id, UUID workspaceId, UUID queryId, UUID requestedBy, String requester, String purpose,
            ExportState state, Instant requestedAt, @Nullable Instant decidedAt, @Nullable String csvText,
            @Nullable String csvSm3, @Nullable String xlsxBase64, @Nullable String xlsxSm3, Set<ExportReview> reviews,
            @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.workspaceId = requireNonNull(workspaceId, "workspaceId is null");
        this.queryId = requireNonNull(queryId, "queryId is null");
        this.requestedBy = requireNonNull(requestedBy, "requestedBy is null");
        this.requester = requireNonNull(requester, "requester is null");
        this.purpose = requireNonNull(purpose, "purpose is null");
        this.state = requireNonNull(state, "state is null");
        this.requestedAt = requireNonNull(requestedAt, "requestedAt is null");
        this.decidedAt = decidedAt;
        this.csvText = csvText;
        this.csvSm3 = csvSm3;
        this.xlsxBase64 = xlsxBase64;
        this.xlsxSm3 = xlsxSm3;
        this.reviews = new HashSet<>(reviews == null ? Set.of() : reviews);
        this.version = version;
    }

    static Export request(UUID workspaceId, UUID queryId, UUID requestedBy, String requester, String purpose,
            Instant now) {
        return new Export(UUID.randomUUID(), workspaceId, queryId, requestedBy, requester, purpose,
                ExportState.REQUESTED, now, null, null, null, null, null, Set.of(), null);
    }

    /**
     * Records a reviewer's decision.
     *
     * @return whether the export is now approved (the caller then attaches the files)
     */
    boolean review(UUID reviewerId, String reviewer, boolean approve, String reason, Instant now) {
        if (reviewerId.equals(requestedBy)) {
            throw new QuanyunException(ErrorCode.SANDBOX_REVIEWER_IS_REQUESTER,
                    ErrorCode.SANDBOX_REVIEWER_IS_REQUESTER.titleEn());
        }
        if (state != ExportState.REQUESTED) {
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION, "the export is " + state);
        }
        if (reviews.stream().anyMatch(r -> r.reviewerId().equals(reviewerId))) {
            throw new QuanyunException(ErrorCode.SANDBOX_ALREADY_REVIEWED, ErrorCode.SANDBOX_ALREADY_REVIEWED.titleEn());
        }
        reviews.add(new ExportReview(reviewerId, reviewer, approve ? ExportReview.APPROVE : ExportReview.REJECT,
                reason, now));
        if (!approve) {
            transitionTo(ExportState.REJECTED, now);
            return false;
        }
        if (reviews.stream().filter(r -> r.decision().equals(ExportReview.APPROVE)).count() >= APPROVALS_NEEDED) {
            transitionTo(ExportState.APPROVED, now);
            return true;
        }
        return false;
    }

    void attachFiles(String csv, String csvHash, String xlsx, String xlsxHash) {
        if (state != ExportState.APPROVED) {
            throw new QuanyunException(ErrorCode.SANDBOX_EXPORT_NOT_APPROVED, ErrorCode.SANDBOX_EXPORT_NOT_APPROVED.titleEn());
        }
        this.csvText = csv;
        this.csvSm3 = csvHash;
        this.xlsxBase64 = xlsx;
        this.xlsxSm3 = xlsxHash;
    }

    private void transitionTo(ExportState target, Instant now) {
        if (!state.next().contains(target)) {
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION, "the export cannot move from " + state
                    + " to " + target);
        }
        state = target;
        decidedAt = now;
    }

    UUID id() { return id; }
    UUID workspaceId() { return workspaceId; }
    UUID queryId() { return queryId; }
    UUID requestedBy() { return requestedBy; }
    String requester() { return requester; }
    String purpose() { return purpose; }
    ExportState state() { return state; }
    Instant requestedAt() { return requestedAt; }
    @Nullable Instant decidedAt() { return decidedAt; }
    @Nullable String csvText() { return csvText; }
    @Nullable String csvSm3() { return csvSm3; }
    @Nullable String xlsxBase64() { return xlsxBase64; }
    @Nullable String xlsxSm3() { return xlsxSm3; }
    Set<ExportReview> reviews() { return Set.copyOf(reviews); }
}
