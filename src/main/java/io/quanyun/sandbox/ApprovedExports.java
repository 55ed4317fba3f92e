package io.quanyun.sandbox;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Approved exports for other modules (data products): only exports in state {@link ExportState#APPROVED},
 * with the released result exactly as it was reviewed. The caller checks who may use it (the products module
 * requires the export to come from the product's own grant); nothing here widens what left the sandbox.
 */
@Service
public class ApprovedExports {

    private final Exports exports;
    private final Workspaces workspaces;
    private final QueryHistory history;

    ApprovedExports(Exports exports, Workspaces workspaces, QueryHistory history) {
        this.exports = exports;
        this.workspaces = workspaces;
        this.history = history;
    }

    /** The approved export of this id; empty when unknown or not (yet) approved. */
    @Transactional(readOnly = true)
    public Optional<ApprovedExport> approved(UUID exportId) {
        return exports.findById(exportId).filter(e -> e.state() == ExportState.APPROVED && e.csvSm3() != null)
                .flatMap(this::describe);
    }

    /** The approved exports made under a grant, newest first. */
    @Transactional(readOnly = true)
    public List<ApprovedExport> approvedOfGrant(UUID grantId) {
        return workspaces.findByGrantId(grantId).stream()
                .flatMap(w -> exports.findByWorkspaceIdOrderByRequestedAt(w.id()).stream())
                .filter(e -> e.state() == ExportState.APPROVED && e.csvSm3() != null)
                .map(this::describe).flatMap(Optional::stream)
                .sorted(Comparator.comparing(ApprovedExport::approvedAt).reversed()).toList();
    }

    private Optional<ApprovedExport> describe(Export export) {
        Workspace workspace = workspaces.findById(export.workspaceId()).orElse(null);
        if (workspace == null) {
            return Optional.empty();
        }
        return history.resultJson(export.queryId()).map(json -> {
            QueryResult result = JdbcPrivacyLedger.JSON.readValue(json, QueryResult.class);
            List<String> reviewers = export.reviews().stream()
                    .filter(r -> r.decision().equals(ExportReview.APPROVE))
                    .sorted(Comparator.comparing(ExportReview::reviewedAt)).map(ExportReview::reviewer).toList();
            return new ApprovedExport(export.id(), workspace.grantId(), workspace.operatorId(), export.queryId(),
                    export.purpose(), export.decidedAt() == null ? export.requestedAt() : export.decidedAt(),
                    result.columns(), result.rows(), result.privacy().mode(), export.csvSm3(), reviewers);
        });
    }
}
