package io.quanyun.access;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.domain.AbstractAggregateRoot;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;

/**
 * The right of one operator to use the granted fields for one approved scenario, inside the platform, until it
 * expires (never after its agreement's end). Every change of state goes through {@link #transitionTo} and
 * registers {@link GrantSuspended}, {@link GrantRestored} or {@link GrantEnded}; creation registers
 * {@link GrantActivated}.
 */
@Table("access_grant")
final class Grant extends AbstractAggregateRoot<Grant> {

    private final @Id UUID id;
    private final UUID requestId;
    private final UUID operatorId;
    private final UUID agreementId;
    private final UUID authorizerId;
    private final String scenario;
    private final String privacyMode;
    private final int minimumGroupSize;
    private final BigDecimal totalEpsilon;
    private final BigDecimal epsilonPerQuery;
    private final @Nullable String consentPurpose;
    private final Instant expiresAt;
    private GrantState state;
    private @Nullable String stateReason;
    @MappedCollection(idColumn = "access_grant", keyColumn = "position")
    private final List<GrantDataset> datasets;
    @MappedCollection(idColumn = "access_grant")
    private final Set<GrantHold> holds;
    private final Instant createdAt;
    private Instant updatedAt;
    private @Version @Nullable Long version;

    @PersistenceCreator
    Grant(UUID id, UUID requestId, UUID operatorId, UUID agreementId, UUID authorizerId, String scenario,
            String privacyMode, int minimumGroupSize, BigDecimal totalEpsilon, BigDecimal epsilonPerQuery,
            @Nullable String consentPurpose, Instant expiresAt, GrantState state, @Nullable String stateReason,
            List<GrantDataset> datasets, @Nullable Set<GrantHold> holds, Instant createdAt, Instant updatedAt,
            @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.requestId = requireNonNull(requestId, "requestId is null");
        this.operatorId = requireNonNull(operatorId, "operatorId is null");
        this.agreementId = requireNonNull(agreementId, "agreementId is null");
        this.authorizerId = requireNonNull(authorizerId, "authorizerId is null");
        this.scenario = requireNonNull(scenario, "scenario is null");
        this.privacyMode = requireNonNull(privacyMode, "privacyMode is null");
        this.minimumGroupSize = minimumGroupSize;
        this.totalEpsilon = requireNonNull(totalEpsilon, "totalEpsilon is null");
        this.epsilonPerQuery = requireNonNull(epsilonPerQuery, "epsilonPerQuery is null");
        this.consentPurpose = consentPurpose;
        this.expiresAt = requireNonNull(expiresAt, "expiresAt is null");
        this.state = requireNonNull(state, "state is null");
        this.stateReason = stateReason;
        this.datasets = new ArrayList<>(datasets);
        this.holds = holds == null ? new HashSet<>() : new HashSet<>(holds);
        this.createdAt = requireNonNull(createdAt, "createdAt is null");
        this.updatedAt = requireNonNull(updatedAt, "updatedAt is null");
        this.version = version;
    }

    /** A new, active grant for an approved request. */
    static Grant activate(ScenarioRequest request, List<GrantDataset> datasets, PrivacyTerms privacy,
            @Nullable String consentPurpose, Instant expiresAt, Instant now) {
        if (privacy.minimumGroupSize() < GrantPrivacyPolicy.MINIMUM_K) {
            throw new IllegalArgumentException("k below " + GrantPrivacyPolicy.MINIMUM_K);
        }
        if (!expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("a grant must not be born expired");
        }
        Grant grant = new Grant(UUID.randomUUID(), request.id(), request.operatorId(), request.agreementId(),
                request.authorizerId(), request.name(), privacy.mode(), privacy.minimumGroupSize(),
                privacy.totalEpsilon(), privacy.epsilonPerQuery(), consentPurpose, expiresAt, GrantState.ACTIVE,
                null, datasets, Set.of(), now, now, null);
        grant.registerEvent(new GrantActivated(grant.id, grant.operatorId));
        return grant;
    }

    // ------------------------------------------------------------------ business commands

    /** The authority stops every use at once, with a reason (an {@link GrantHold#AUTHORITY} hold). */
    void suspend(String reason, Instant now) {
        transitionTo(GrantState.SUSPENDED, reason, now);
        holds.add(new GrantHold(GrantHold.AUTHORITY, reason, now));
    }

    /**
     * Adds a reason to keep the grant suspended (a rectification order, a critical alert, the authority): an active
     * grant is suspended at once, a suspended one stays suspended until this reason is lifted as well. Returns
     * whether the grant's state changed.
     */
    boolean hold(String hold, String reason, Instant now) {
        requireNonNull(hold, "hold is null");
        if (state == GrantState.ENDED) {
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION,
                    "Grant " + id + " has ended and cannot be suspended", List.of(), "grant", id.toString());
        }
        holds.removeIf(h -> h.hold().equals(hold));
        holds.add(new GrantHold(hold, reason, now));
        if (state == GrantState.ACTIVE) {
            transitionTo(GrantState.SUSPENDED, reason, now);
            return true;
        }
        return false;
    }

    /** What lifting one reason did to the grant. */
    enum Release {
        /** The grant was not held for this reason. */
        NOT_HELD,
        /** Other reasons keep it suspended. */
        STILL_HELD,
        /** It was the last reason: the grant is active again. */
        RESTORED,
        /** It was the last reason but the grant expired meanwhile: it ended. */
        ENDED
    }

    /** Lifts one reason; the grant comes back only when no reason is left (and ends if it expired meanwhile). */
    Release release(String hold, String reason, Instant now) {
        if (state != GrantState.SUSPENDED || !holds.removeIf(h -> h.hold().equals(hold))) {
            return Release.NOT_HELD;
        }
        if (!holds.isEmpty()) {
            updatedAt = now;
            return Release.STILL_HELD;
        }
        if (isExpired(now)) {
            transitionTo(GrantState.ENDED, "到期 expired", now);
            return Release.ENDED;
        }
        transitionTo(GrantState.ACTIVE, reason, now);
        return Release.RESTORED;
    }

    /**
     * The authority makes a suspended grant usable again, lifting its own, alert and containment holds; a grant held
     * by an open rectification order comes back only when the order is accepted (Art. 18), and an expired one never.
     */
    void restore(String reason, Instant now) {
        if (state == GrantState.SUSPENDED && holds.stream().anyMatch(GrantHold::isRectification)) {
            throw new QuanyunException(ErrorCode.GRANT_UNDER_RECTIFICATION, "Grant " + id
                    + " is held by an open rectification order: " + rectificationHolds(), List.of(), "grant",
                    id.toString());
        }
        if (isExpired(now)) {
            throw new QuanyunException(ErrorCode.GRANT_EXPIRED, "Grant " + id + " expired at " + expiresAt, List.of(),
                    "grant", id.toString());
        }
        transitionTo(GrantState.ACTIVE, reason, now);
    }

    /** Ends the grant for good: expiry, agreement ended, dataset withdrawn, revocation. */
    void end(String reason, Instant now) {
        transitionTo(GrantState.ENDED, reason, now);
    }

    /** The one way the state changes: refuses an illegal move and registers the past-tense event. */
    void transitionTo(GrantState target, String reason, Instant now) {
        requireNonNull(reason, "reason is null");
        if (!state.next().contains(target)) {
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION,
                    "Grant " + id + " cannot go from " + state + " to " + target, List.of(), "grant", id.toString());
        }
        state = target;
        stateReason = reason;
        if (target != GrantState.SUSPENDED) {
            holds.clear();
        }
        updatedAt = now;
        switch (target) {
            case ACTIVE -> registerEvent(new GrantRestored(id, operatorId));
            case SUSPENDED -> registerEvent(new GrantSuspended(id, operatorId, reason));
            case ENDED -> registerEvent(new GrantEnded(id, operatorId, reason));
        }
    }

    // ------------------------------------------------------------------ questions

    boolean isExpired(Instant now) {
        return !expiresAt.isAfter(now);
    }

    /**
     * The grant as other modules see it. A grant past its expiry that the expiry job has not reached yet is
     * already shown as {@link GrantState#ENDED}, so that no consumer ever uses it.
     */
    GrantDescriptor descriptor(Instant now) {
        GrantState shown = state != GrantState.ENDED && isExpired(now) ? GrantState.ENDED : state;
        return new GrantDescriptor(id, requestId, operatorId, agreementId, authorizerId, scenario,
                datasets.stream().map(GrantDataset::descriptor).toList(),
                new PrivacyTerms(privacyMode, minimumGroupSize, totalEpsilon, epsilonPerQuery), consentPurpose,
                expiresAt, shown);
    }

    /** The events registered since the last save (for tests). */
    List<Object> registeredEvents() {
        return List.copyOf(domainEvents());
    }

    UUID id() {
        return id;
    }

    UUID operatorId() {
        return operatorId;
    }

    UUID agreementId() {
        return agreementId;
    }

    UUID authorizerId() {
        return authorizerId;
    }

    GrantState state() {
        return state;
    }

    /** The open reasons why the grant is suspended, by their source. */
    Set<String> holds() {
        Set<String> open = new java.util.TreeSet<>();
        holds.forEach(h -> open.add(h.hold()));
        return open;
    }

    boolean isHeldBy(String hold) {
        return holds.stream().anyMatch(h -> h.hold().equals(hold));
    }

    private List<String> rectificationHolds() {
        return holds.stream().filter(GrantHold::isRectification).map(GrantHold::hold).sorted().toList();
    }

    @Nullable String stateReason() {
        return stateReason;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    List<GrantDataset> datasets() {
        return List.copyOf(datasets);
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }
}
