package io.quanyun.supervision;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What an open inspection shows of the operator (Art. 16): its workspaces' metadata, its query history, its
 * exports and its products. Never raw data, never released results or export files: only who did what, when,
 * with which verdict.
 */
public record InspectionRecords(UUID inspectionId, UUID operatorId, List<Workspace> workspaces,
        List<Query> queries, List<Export> exports, List<Product> products) {

    public InspectionRecords {
        workspaces = List.copyOf(workspaces);
        queries = List.copyOf(queries);
        exports = List.copyOf(exports);
        products = List.copyOf(products);
    }

    public record Workspace(UUID id, UUID grantId, String scenario, String state, Instant createdAt,
            List<String> members) {
    }

    public record Query(UUID id, UUID workspaceId, String username, Instant startedAt, String sql, String verdict,
            @Nullable String rule, @Nullable BigDecimal epsilonSpent) {
    }

    public record Export(UUID id, UUID workspaceId, String requester, String purpose, String state,
            Instant requestedAt, @Nullable Instant decidedAt) {
    }

    public record Product(UUID id, String name, String form, String state, UUID grantId, Instant createdAt) {
    }
}
