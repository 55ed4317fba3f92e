package io.quanyun.access;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
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
 * One operator's request for the data of one scenario (一事一申请, Art. 13), under one agreement, and its dual
 * approval (Art. 12): the authority and the provider of each requested dataset must approve in the same review
 * round. Every change of state goes through {@link #transitionTo} and registers a past-tense event.
 */
@Table("scenario_request")
final class ScenarioRequest extends AbstractAggregateRoot<ScenarioRequest> {

    private final @Id UUID id;
    private final UUID agreementId;
    private final UUID operatorId;
    private final UUID authorizerId;
    private String name;
    private String description;
    private String purpose;
    private String intendedProducts;
    private int durationDays;
    private @Nullable String consentPurpose;
    private ScenarioRequestState state;
    private int reviewRound;
    private @Nullable Integer minimumGroupSize;
    private @Nullable BigDecimal totalEpsilon;
    private @Nullable BigDecimal epsilonPerQuery;
    private @Nullable UUID grantId;
    @MappedCollection(idColumn = "scenario_request", keyColumn = "position")
    private List<RequestedDataset> datasets;
    @MappedCollection(idColumn = "scenario_request", keyColumn = "position")
    private List<Decision> decisions;
    private final Instant createdAt;
    private Instant updatedAt;
    private @Version @Nullable Long version;

    @PersistenceCreator
    ScenarioRequest(UUID id, UUID agreementId, UUID operatorId, UUID authorizerId, String name, String description,
            String purpose, String intendedProducts, int durationDays, @Nullable String consentPurpose,
            ScenarioRequestState state, int reviewRound, @Nullable Integer minimumGroupSize,
            @Nullable BigDecimal totalEpsilon, @Nullable BigDecimal epsilonPerQuery, @Nullable UUID grantId,
            List<RequestedDataset> datasets, List<Decision> decisions, Instant createdAt, Instant updatedAt,
            @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.agreementId = requireNonNull(agreementId, "agreementId is null");
        this.operatorId = requireNonNull(operatorId, "operatorId is null");
        this.authorizerId = requireNonNull(authorizerId, "authorizerId is null");
        this.name = requireNonNull(name, "name is null");
        this.description = requireNonNull(description, "description is null");
        this.purpose = requireNonNull(purpose, "purpose is null");
        this.intendedProducts = requireNonNull(intendedProducts, "intendedProducts is null");
        this.durationDays = durationDays;
        this.consentPurpose = consentPurpose;
        this.state = requireNonNull(state, "state is null");
        this.reviewRound = reviewRound;
        this.minimumGroupSize = minimumGroupSize;
        this.totalEpsilon = totalEpsilon;
        this.epsilonPerQuery = epsilonPerQuery;
        this.grantId = grantId;
        this.datasets = new ArrayList<>(datasets);
        this.decisions = new ArrayList<>(decisions);
        this.createdAt = requireNonNull(createdAt, "createdAt is null");
        this.updatedAt = requireNonNull(updatedAt, "updatedAt is null");
        this.version = version;
    }

    /** A new request, as a draft. */
    static ScenarioRequest file(UUID agreementId, UUID operatorId, UUID authorizerId, ScenarioContent content,
            Instant now) {
        ScenarioRequest request = new ScenarioRequest(UUID.randomUUID(), agreementId, operatorId, authorizerId,
                "", "", "", "", 1, null, ScenarioRequestState.DRAFT, 0, null, null, null, null, List.of(), List.of(),
                now, now, null);
        request.describe(content);
        return request;
    }

    // ------------------------------------------------------------------ business commands

    /** Rewrites a draft, or a rejected request, which becomes a draft again. */
    void amend(ScenarioContent content, Instant now) {
        if (state == ScenarioRequestState.REJECTED) {
            transitionTo(ScenarioRequestState.DRAFT, now);
        } else if (state != ScenarioRequestState.DRAFT) {
            throw illegal("amend");
        }
        describe(content);
        updatedAt = now;
    }

    /** Submits for dual approval; a new review round starts, earlier decisions no longer count. */
    void submit(Instant now) {
        transitionTo(ScenarioRequestState.SUBMITTED, now);
        reviewRound++;
        minimumGroupSize = null;
        totalEpsilon = null;
        epsilonPerQuery = null;
    }

    /** The operator withdraws the request before it is approved. */
    void withdraw(Instant now) {
        transitionTo(ScenarioRequestState.WITHDRAWN, now);
    }

    /**
     * Records a party's approval in the current round.
     *
     * @return whether every required party has now approved
     */
    boolean approve(ApprovalParty party, UUID organizationId, @Nullable String note, String by, Instant now) {
        requireOpenFor(party, organizationId, "approve");
        decisions.add(new Decision(reviewRound, party, organizationId, ApprovalOutcome.APPROVED, note, by, now));
        updatedAt = now;
        return isFullyApproved();
    }

    /** The authority sets the privacy terms of the grant to be (k, budgets) with its approval. */
    void setPrivacyTerms(@Nullable Integer k, @Nullable BigDecimal total, @Nullable BigDecimal perQuery) {
        minimumGroupSize = k;
        totalEpsilon = total;
        epsilonPerQuery = perQuery;
    }

    /** Records a party's rejection with its reason; the request is rejected at once. */
    void reject(ApprovalParty party, UUID organizationId, String reason, String by, Instant now) {
        requireOpenFor(party, organizationId, "reject");
        decisions.add(new Decision(reviewRound, party, organizationId, ApprovalOutcome.REJECTED, reason, by, now));
        transitionTo(ScenarioRequestState.REJECTED, now);
    }

    /** Closes the request as approved once every party approved and the grant exists. */
    void approved(UUID grant, Instant now) {
        if (!isFullyApproved()) {
            throw illegal("complete approval (decisions are missing)");
        }
        grantId = requireNonNull(grant, "grant is null");
        transitionTo(ScenarioRequestState.APPROVED, now);
    }

    /** The one way the state changes: refuses an illegal move and registers the past-tense event. */
    void transitionTo(ScenarioRequestState target, Instant now) {
        if (!state.mayMoveTo(target)) {
            throw illegal(state + " -> " + target);
        }
        state = target;
        updatedAt = now;
        switch (target) {
            case DRAFT -> registerEvent(new ScenarioRequestAmended(id, operatorId));
            case SUBMITTED -> registerEvent(new ScenarioRequestSubmitted(id, operatorId));
            case APPROVED -> registerEvent(new ScenarioRequestApproved(id, operatorId, requireNonNull(grantId)));
            case REJECTED -> {
                Decision last = decisions.isEmpty() ? null : decisions.get(decisions.size() - 1);
                registerEvent(new ScenarioRequestRejected(id, operatorId,
                        last == null ? ApprovalParty.AUTHORITY : last.party(),
                        last == null || last.reason() == null ? "" : last.reason()));
            }
            case WITHDRAWN -> registerEvent(new ScenarioRequestWithdrawn(id, operatorId));
        }
    }

    // ------------------------------------------------------------------ questions

    /** The providers who must approve: those of the requested datasets. */
    Set<UUID> providers() {
        Set<UUID> providers = new LinkedHashSet<>();
        datasets.forEach(d -> providers.add(d.providerId()));
        return providers;
    }

    boolean hasDecided(ApprovalParty party, UUID organizationId) {
        return currentDecisions().stream()
                .anyMatch(d -> d.fills(party, party == ApprovalParty.PROVIDER ? organizationId : null));
    }

    boolean isFullyApproved() {
        List<Decision> current = currentDecisions();
        boolean authority = current.stream().anyMatch(d -> d.fills(ApprovalParty.AUTHORITY, null)
                && d.outcome() == ApprovalOutcome.APPROVED);
        boolean providers = providers().stream().allMatch(p -> current.stream()
                .anyMatch(d -> d.fills(ApprovalParty.PROVIDER, p) && d.outcome() == ApprovalOutcome.APPROVED));
        return authority && providers;
    }

    List<Decision> currentDecisions() {
        return decisions.stream().filter(d -> d.reviewRound() == reviewRound).toList();
    }

    boolean touches(UUID datasetId) {
        return datasets.stream().anyMatch(d -> d.datasetId().equals(datasetId));
    }

    /** The events registered since the last save (for tests). */
    List<Object> registeredEvents() {
        return List.copyOf(domainEvents());
    }

    // ------------------------------------------------------------------ helpers

    private void requireOpenFor(ApprovalParty party, UUID organizationId, String command) {
        if (state != ScenarioRequestState.SUBMITTED) {
            throw illegal(command + " in state " + state);
        }
        if (party == ApprovalParty.PROVIDER && !providers().contains(organizationId)) {
            throw new QuanyunException(ErrorCode.FORBIDDEN, "This provider provides none of the requested datasets",
                    List.of(), "scenario_request", id.toString());
        }
        if (hasDecided(party, organizationId)) {
            throw new QuanyunException(ErrorCode.ALREADY_DECIDED,
                    "The " + party.name().toLowerCase() + " has already decided in round " + reviewRound, List.of(),
                    "scenario_request", id.toString());
        }
    }

    private void describe(ScenarioContent content) {
        name = content.name();
        description = content.description();
        purpose = content.purpose();
        intendedProducts = String.join("\n", content.intendedProducts());
        durationDays = content.durationDays();
        datasets = new ArrayList<>(content.datasets());
        consentPurpose = content.consentPurpose();
    }

    private QuanyunException illegal(String move) {
        return new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION,
                "Scenario request " + id + " cannot " + move + " (state " + state + ")", List.of(),
                "scenario_request", id.toString());
    }

    // ------------------------------------------------------------------ accessors

    UUID id() {
        return id;
    }

    UUID agreementId() {
        return agreementId;
    }

    UUID operatorId() {
        return operatorId;
    }

    UUID authorizerId() {
        return authorizerId;
    }

    String name() {
        return name;
    }

    String description() {
        return description;
    }

    String purpose() {
        return purpose;
    }

    List<String> intendedProducts() {
        return intendedProducts.isEmpty() ? List.of() : Arrays.asList(intendedProducts.split("\n"));
    }

    int durationDays() {
        return durationDays;
    }

    @Nullable String consentPurpose() {
        return consentPurpose;
    }

    ScenarioRequestState state() {
        return state;
    }

    int reviewRound() {
        return reviewRound;
    }

    @Nullable Integer minimumGroupSize() {
        return minimumGroupSize;
    }

    @Nullable BigDecimal totalEpsilon() {
        return totalEpsilon;
    }

    @Nullable BigDecimal epsilonPerQuery() {
        return epsilonPerQuery;
    }

    @Nullable UUID grantId() {
        return grantId;
    }

    List<RequestedDataset> datasets() {
        return List.copyOf(datasets);
    }

    List<Decision> decisions() {
        return List.copyOf(decisions);
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }
}
