package io.quanyun.supervision;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;

/** An inspection an authorizer holds of an operator (Art. 16): open, findings recorded, closed with a conclusion. */
@Table("inspection")
final class Inspection {

    @Table("inspection_finding")
    record Finding(String note, String actor, Instant recordedAt) {
    }

    private final @Id UUID id;
    private final UUID authorizerId;
    private final UUID operatorId;
    private final String operatorName;
    private final String scope;
    private InspectionState state;
    private final String openedBy;
    private final Instant openedAt;
    private @Nullable String conclusion;
    private @Nullable Instant closedAt;
    @MappedCollection(idColumn = "inspection", keyColumn = "position")
    private List<Finding> findings;
    private @Version @Nullable Long version;

    @PersistenceCreator
    Inspection(UUID id, UUID authorizerId, UUID operatorId, String operatorName, String scope, InspectionState state,
            String openedBy, Instant openedAt, @Nullable String conclusion, @Nullable Instant closedAt,
            List<Finding> findings, @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.authorizerId = requireNonNull(authorizerId, "authorizerId is null");
        this.operatorId = requireNonNull(operatorId, "operatorId is null");
        this.operatorName = requireNonNull(operatorName, "operatorName is null");
        this.scope = requireNonNull(scope, "scope is null");
        this.state = requireNonNull(state, "state is null");
        this.openedBy = requireNonNull(openedBy, "openedBy is null");
        this.openedAt = requireNonNull(openedAt, "openedAt is null");
        this.conclusion = conclusion;
        this.closedAt = closedAt;
        this.findings = new ArrayList<>(findings);
        this.version = version;
    }

    static Inspection open(UUID authorizerId, UUID operatorId, String operatorName, String scope, String actor,
            Instant now) {
        return new Inspection(UUID.randomUUID(), authorizerId, operatorId, operatorName, scope, InspectionState.OPEN,
                actor, now, null, null, List.of(), null);
    }

    void find(String note, String actor, Instant now) {
        requireOpen();
        findings.add(new Finding(note, actor, now));
    }

    void close(String text, Instant now) {
        requireOpen();
        state = InspectionState.CLOSED;
        conclusion = text;
        closedAt = now;
    }

    void requireOpen() {
        if (state != InspectionState.OPEN) {
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION, "Inspection " + id + " is closed",
                    java.util.List.of(), "inspection", id.toString());
        }
    }

    UUID id() {
        return id;
    }

    UUID authorizerId() {
        return authorizerId;
    }

    UUID operatorId() {
        return operatorId;
    }

    Instant openedAt() {
        return openedAt;
    }

    InspectionView view() {
        return new InspectionView(id, authorizerId, operatorId, operatorName, scope, state, openedBy, openedAt,
                conclusion, closedAt,
                findings.stream().map(f -> new InspectionView.Finding(f.note(), f.actor(), f.recordedAt())).toList());
    }
}
