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

/** The workspace of one grant: its named members and its state. */
@Table("sandbox_workspace")
final class Workspace {

    private final @Id UUID id;
    private final UUID grantId;
    private final UUID operatorId;
    private final String scenario;
    private WorkspaceState state;
    private final Instant createdAt;
    @MappedCollection(idColumn = "workspace_id")
    private final Set<WorkspaceMember> members;
    private @Version @Nullable Long version;

    @PersistenceCreator
    Workspace(UUID id, UUID grantId, UUID operatorId, String scenario, WorkspaceState state, Instant createdAt,
            Set<WorkspaceMember> members, @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.grantId = requireNonNull(grantId, "grantId is null");
        this.operatorId = requireNonNull(operatorId, "operatorId is null");
        this.scenario = requireNonNull(scenario, "scenario is null");
        this.state = requireNonNull(state, "state is null");
        this.createdAt = requireNonNull(createdAt, "createdAt is null");
        this.members = new HashSet<>(members == null ? Set.of() : members);
        this.version = version;
    }

    static Workspace open(UUID grantId, UUID operatorId, String scenario, WorkspaceState state, Instant now) {
        return new Workspace(UUID.randomUUID(), grantId, operatorId, scenario, state, now, Set.of(), null);
    }

    void addMember(UUID userId, String username, String addedBy, Instant now) {
        if (members.stream().anyMatch(m -> m.userId().equals(userId))) {
            throw new QuanyunException(ErrorCode.DUPLICATE, "already a member");
        }
        members.add(new WorkspaceMember(userId, username, addedBy, now));
    }

    boolean isMember(@Nullable UUID userId) {
        return userId != null && members.stream().anyMatch(m -> m.userId().equals(userId));
    }

    /** Moves to {@code target}, refusing an illegal move; staying in the same state is a no-op. */
    boolean transitionTo(WorkspaceState target) {
        if (target == state) {
            return false;
        }
        if (!state.next().contains(target)) {
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION,
                    "workspace " + id + " cannot move from " + state + " to " + target);
        }
        state = target;
        return true;
    }

    UUID id() {
        return id;
    }

    UUID grantId() {
        return grantId;
    }

    UUID operatorId() {
        return operatorId;
    }

    String scenario() {
        return scenario;
    }

    WorkspaceState state() {
        return state;
    }

    Instant createdAt() {
        return createdAt;
    }

    Set<WorkspaceMember> members() {
        return Set.copyOf(members);
    }
}
