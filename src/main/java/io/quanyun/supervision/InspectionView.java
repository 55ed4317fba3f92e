package io.quanyun.supervision;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** An inspection an authorizer opened on an operator, with its findings. */
public record InspectionView(UUID id, UUID authorizerId, UUID operatorId, String operatorName, String scope,
        InspectionState state, String openedBy, Instant openedAt, @Nullable String conclusion,
        @Nullable Instant closedAt, List<Finding> findings) {

    public InspectionView {
        findings = List.copyOf(findings);
    }

    public record Finding(String note, String actor, Instant recordedAt) {
    }
}
