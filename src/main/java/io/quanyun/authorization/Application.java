package io.quanyun.authorization;

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

/** An operator's application to a call (Art. 8(2)). */
@Table("authorization_application")
final class Application {

    private final @Id UUID id;
    private final UUID callId;
    private final UUID organizationId;
    private final String organizationName;
    private final @Nullable String legalRepresentative;
    private final String scenarios;
    private ApplicationState state;
    private final Instant submittedAt;
    private @Nullable Instant decidedAt;
    @MappedCollection(idColumn = "application_id", keyColumn = "position")
    private final List<StoredDocument> documents;
    private @Version @Nullable Long version;

    @PersistenceCreator
    Application(UUID id, UUID callId, UUID organizationId, String organizationName,
            @Nullable String legalRepresentative, String scenarios, ApplicationState state, Instant submittedAt,
            @Nullable Instant decidedAt, List<StoredDocument> documents, @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.callId = requireNonNull(callId, "callId is null");
        this.organizationId = requireNonNull(organizationId, "organizationId is null");
        this.organizationName = requireNonNull(organizationName, "organizationName is null");
        this.legalRepresentative = legalRepresentative;
        this.scenarios = requireNonNull(scenarios, "scenarios is null");
        this.state = requireNonNull(state, "state is null");
        this.submittedAt = requireNonNull(submittedAt, "submittedAt is null");
        this.decidedAt = decidedAt;
        this.documents = new ArrayList<>(documents);
        this.version = version;
    }

    static Application submit(UUID id, UUID callId, UUID organizationId, String organizationName,
            @Nullable String legalRepresentative, String scenarios, List<StoredDocument> documents, Instant now) {
        return new Application(id, callId, organizationId, organizationName, legalRepresentative, scenarios.trim(),
                ApplicationState.SUBMITTED, now, null, documents, null);
    }

    /** Withdrawn by the applicant; only before review. */
    void withdraw(Instant now) {
        transitionTo(ApplicationState.WITHDRAWN, now);
    }

    void enterReview(Instant now) {
        transitionTo(ApplicationState.UNDER_REVIEW, now);
    }

    void shortlist(Instant now) {
        transitionTo(ApplicationState.SHORTLISTED, now);
    }

    void leaveOutOfShortlist(Instant now) {
        transitionTo(ApplicationState.NOT_SHORTLISTED, now);
    }

    void removeAfterUpheldObjection(Instant now) {
        transitionTo(ApplicationState.REMOVED_AFTER_OBJECTION, now);
    }

    void award(Instant now) {
        transitionTo(ApplicationState.AWARDED, now);
    }

    void closeWithCall(Instant now) {
        transitionTo(ApplicationState.CLOSED, now);
    }

    private void transitionTo(ApplicationState target, Instant now) {
        if (!state.canMoveTo(target)) {
            throw Transitions.illegal("application", id, state, target);
        }
        state = target;
        decidedAt = now;
    }

    ApplicationView view() {
        return new ApplicationView(id, callId, organizationId, organizationName, legalRepresentative, scenarios,
                state, submittedAt, decidedAt, List.copyOf(documents));
    }

    UUID id() { return id; }
    UUID callId() { return callId; }
    UUID organizationId() { return organizationId; }
    String organizationName() { return organizationName; }
    @Nullable String legalRepresentative() { return legalRepresentative; }
    ApplicationState state() { return state; }
    Instant submittedAt() { return submittedAt; }
    List<StoredDocument> documents() { return List.copyOf(documents); }
}
