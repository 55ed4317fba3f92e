package io.quanyun.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.catalog.DatasetDescriptor;
import io.quanyun.catalog.DatasetDirectory;
import io.quanyun.identity.AuthorityLevel;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Role;
import io.quanyun.shared.Violation;
import io.quanyun.shared.Violations;

/**
 * The access module's facade: operators file one request per scenario under an active agreement (Art. 13); the
 * authority and the provider of each requested dataset approve or reject it (Art. 12); full approval creates a
 * grant, which the authority suspends, restores and ends, and which ends by itself at expiry, with its agreement
 * or with a withdrawn dataset. Every method checks the current actor's permission here, writes every change to
 * the audit log in the same transaction, and audits every refusal.
 */
@Service
public class AccessManagement implements GrantDirectory {

    private static final Set<GrantState> LIVE = EnumSet.of(GrantState.ACTIVE, GrantState.SUSPENDED);
    static final int MAXIMUM_DURATION_DAYS = 3650;

    private final ScenarioRequests requests;
    private final Grants grants;
    private final DatasetDirectory catalog;
    private final IdentityManagement identity;
    private final ObjectProvider<AgreementSource> agreements;
    private final AuditTrail audit;
    private final Clock clock;
    private final JdbcClient jdbc;

    AccessManagement(ScenarioRequests requests, Grants grants, DatasetDirectory catalog, IdentityManagement identity,
            ObjectProvider<AgreementSource> agreements, AuditTrail audit, Clock clock, JdbcClient jdbc) {
        this.requests = requests;
        this.grants = grants;
        this.catalog = catalog;
        this.identity = identity;
        this.agreements = agreements;
        this.audit = audit;
        this.clock = clock;
        this.jdbc = jdbc;
    }

    // ================================================================== scenario requests: the operator

    /** Whether agreements can be read at all (the authorization module provides them). */
    public boolean agreementsAvailable() {
        return agreements.getIfAvailable() != null;
    }

    /** The current operator's active agreements, under which it may file requests; empty when none can be read. */
    @Transactional(readOnly = true)
    public List<AgreementTerms> agreementsForFiling() {
        Actor actor = Actors.current();
        AgreementSource source = agreements.getIfAvailable();
        if (source == null || actor.organizationId() == null || !actor.isOf(OrganizationType.OPERATOR)) {
            return List.of();
        }
        Instant now = clock.instant();
        return source.activeFor(actor.organizationId()).stream()
                .filter(a -> a.active() && a.endsAt().isAfter(now)).toList();
    }

    /** The published datasets a request may name (metadata only), for the filing form. */
    @Transactional(readOnly = true)
    public List<DatasetDescriptor> requestableDatasets() {
        return catalog.published();
    }

    /** An operator administrator files a request for one scenario, as a draft. */
    @Transactional
    public ScenarioRequestView file(FileScenarioRequest command) {
        String action = "access.request.file";
        return audited(action, "agreement", command.agreementId(), () -> {
            Actor actor = requireOperatorAdmin(action);
            if (command.agreementId() == null) {
                throw QuanyunException.invalid(List.of(new Violation("agreementId",
                        "须选择授权运营协议 (choose the agreement)")));
            }
            AgreementTerms agreement = activeAgreement(command.agreementId(), actor.organizationId());
            ScenarioContent content = content(command.name(), command.description(), command.purpose(),
                    command.intendedProducts(), command.durationDays(), command.datasets(), command.consentPurpose(),
                    agreement);
            requireOneRequestPerScenario(actor.organizationId(), content.name(), null);
            ScenarioRequest request = ScenarioRequest.file(agreement.agreementId(), actor.organizationId(),
                    agreement.authorizerId(), content, clock.instant());
            requests.save(request);
            audit.record(AuditEvent.success(action, "scenario_request", request.id())
                    .with("agreement", agreement.agreementId()).with("name", content.name())
                    .with("datasets", codes(request)));
            return view(request);
        });
    }

    /** The operator rewrites a draft or a rejected request; a rejected one becomes a draft again. */
    @Transactional
    public ScenarioRequestView amend(UUID requestId, AmendScenarioRequest command) {
        String action = "access.request.amend";
        return audited(action, "scenario_request", requestId, () -> {
            Actor actor = requireOperatorAdmin(action);
            ScenarioRequest request = ownRequest(requestId, actor, action);
            AgreementTerms agreement = activeAgreement(request.agreementId(), request.operatorId());
            ScenarioContent content = content(command.name(), command.description(), command.purpose(),
                    command.intendedProducts(), command.durationDays(), command.datasets(), command.consentPurpose(),
                    agreement);
            requireOneRequestPerScenario(request.operatorId(), content.name(), request.id());
            ScenarioRequestState before = request.state();
            request.amend(content, clock.instant());
            requests.save(request);
            audit.record(AuditEvent.success(action, "scenario_request", requestId).with("from", before)
                    .with("state", request.state()).with("datasets", codes(request)));
            return view(request);
        });
    }

    /** The operator submits a draft for dual approval; a new review round starts. */
    @Transactional
    public ScenarioRequestView submit(UUID requestId) {
        String action = "access.request.submit";
        return audited(action, "scenario_request", requestId, () -> {
            Actor actor = requireOperatorAdmin(action);
            ScenarioRequest request = ownRequest(requestId, actor, action);
            request.submit(clock.instant());
            AgreementTerms agreement = activeAgreement(request.agreementId(), request.operatorId());
            RequestedDataPolicy.evaluate(stored(request), agreement, request.consentPurpose(), catalog).orThrow();
            requests.save(request);
            audit.record(AuditEvent.success(action, "scenario_request", requestId).with("state", request.state())
                    .with("round", request.reviewRound()));
            return view(request);
        });
    }

    /** The operator withdraws its request before approval. */
    @Transactional
    public ScenarioRequestView withdraw(UUID requestId, @Nullable String reason) {
        String action = "access.request.withdraw";
        return audited(action, "scenario_request", requestId, () -> {
            Actor actor = requireOperatorAdmin(action);
            ScenarioRequest request = ownRequest(requestId, actor, action);
            request.withdraw(clock.instant());
            requests.save(request);
            audit.record(AuditEvent.success(action, "scenario_request", requestId).with("state", request.state())
                    .with("reason", reason == null ? "" : reason.trim()));
            return view(request);
        });
    }

    // ================================================================== scenario requests: the approvers

    /**
     * The authority (a city-level authority administrator, or one of the agreement's authorizer) or the clerk of
     * a requested dataset's provider approves a submitted request. The last approval of the round creates the
     * grant. Only the authority may set the privacy terms.
     */
    @Transactional
    public ScenarioRequestView approve(UUID requestId, ApproveScenarioRequest command) {
        String action = "access.request.approve";
        return audited(action, "scenario_request", requestId, () -> {
            Actor actor = requireSignedIn();
            ScenarioRequest request = load(requestId);
            Party party = partyOf(actor, request, action);
            boolean setsPrivacy = command.minimumGroupSize() != null || command.totalEpsilon() != null
                    || command.epsilonPerQuery() != null;
            if (setsPrivacy && party.party() != ApprovalParty.AUTHORITY) {
                throw QuanyunException.invalid(List.of(new Violation("minimumGroupSize",
                        "只有主管部门可以设定隐私参数 (only the authority sets the privacy terms)")));
            }
            if (party.party() == ApprovalParty.AUTHORITY) {
                GrantPrivacyPolicy.validate(command.minimumGroupSize(), command.totalEpsilon(),
                        command.epsilonPerQuery());
            }
            Instant now = clock.instant();
            boolean complete = request.approve(party.party(), party.organizationId(), blankToNull(command.note()),
                    actor.username(), now);
            if (party.party() == ApprovalParty.AUTHORITY) {
                request.setPrivacyTerms(command.minimumGroupSize(), command.totalEpsilon(), command.epsilonPerQuery());
            }
            audit.record(AuditEvent.success(action, "scenario_request", requestId).with("party", party.party())
                    .with("organization", party.organizationId()).with("round", request.reviewRound()));
            if (complete) {
                Grant grant = createGrant(request, now);
                request.approved(grant.id(), now);
                audit.record(AuditEvent.success("access.request.approved", "scenario_request", requestId)
                        .with("state", request.state()).with("grant", grant.id()));
            }
            requests.save(request);
            return view(request);
        });
    }

    /** The authority or a requested dataset's provider rejects a submitted request, with its reason. */
    @Transactional
    public ScenarioRequestView reject(UUID requestId, @Nullable String reason) {
        String action = "access.request.reject";
        return audited(action, "scenario_request", requestId, () -> {
            Actor actor = requireSignedIn();
            ScenarioRequest request = load(requestId);
            Party party = partyOf(actor, request, action);
            String why = requireReason(reason);
            request.reject(party.party(), party.organizationId(), why, actor.username(), clock.instant());
            requests.save(request);
            audit.record(AuditEvent.success(action, "scenario_request", requestId).with("party", party.party())
                    .with("organization", party.organizationId()).with("state", request.state())
                    .with("reason", why));
            return view(request);
        });
    }

    // ================================================================== scenario requests: reading

    /**
     * The requests the current actor may see: all for city-level authorities and auditors, those it authorized
     * for a district authority, the submitted ones touching its datasets for a provider, its own for an operator.
     */
    @Transactional(readOnly = true)
    public List<ScenarioRequestView> requests() {
        Actor actor = requireSignedIn();
        boolean city = isCityAuthority(actor);
        Names names = new Names();
        return requests.findAllByOrderByCreatedAtDesc().stream().filter(r -> maySee(actor, city, r))
                .map(r -> view(r, names)).toList();
    }

    /** One request, if the current actor may see it. */
    @Transactional(readOnly = true)
    public ScenarioRequestView request(UUID requestId) {
        return audited("access.request.read", "scenario_request", requestId, () -> {
            Actor actor = requireSignedIn();
            ScenarioRequest request = load(requestId);
            if (!maySee(actor, isCityAuthority(actor), request)) {
                throw QuanyunException.notFound("scenario_request", requestId);
            }
            return view(request);
        });
    }

    /** The submitted requests on which the current actor's party has not decided yet in this round. */
    @Transactional(readOnly = true)
    public List<ScenarioRequestView> approvalQueue() {
        Actor actor = requireSignedIn();
        boolean city = isCityAuthority(actor);
        Names names = new Names();
        return requests.findByStateOrderByCreatedAt(ScenarioRequestState.SUBMITTED).stream()
                .filter(r -> awaits(actor, city, r)).map(r -> view(r, names)).toList();
    }

    // ================================================================== grants: the authority

    /** The authority suspends a grant at once, with a reason. */
    @Transactional
    public GrantView suspend(UUID grantId, @Nullable String reason) {
        String action = "access.grant.suspend";
        return audited(action, "grant", grantId, () -> {
            Grant grant = loadGrant(grantId);
            requireAuthorityOver(grant, action);
            String why = requireReason(reason);
            if (grant.state() == GrantState.SUSPENDED && !grant.isHeldBy(GrantHold.AUTHORITY)) {
                // already suspended for another reason (an order, an alert): the authority's own reason is added
                grant.hold(GrantHold.AUTHORITY, why, clock.instant());
            } else {
                grant.suspend(why, clock.instant());
            }
            return saved(grant, action, why);
        });
    }

    /** The authority restores a suspended grant that has not expired. */
    @Transactional
    public GrantView restore(UUID grantId, @Nullable String reason) {
        String action = "access.grant.restore";
        return audited(action, "grant", grantId, () -> {
            Grant grant = loadGrant(grantId);
            requireAuthorityOver(grant, action);
            String why = reason == null || reason.isBlank() ? "恢复 restored" : reason.trim();
            grant.restore(why, clock.instant());
            return saved(grant, action, why);
        });
    }

    /** The authority ends a grant for good, with a reason. */
    @Transactional
    public GrantView end(UUID grantId, @Nullable String reason) {
        String action = "access.grant.end";
        return audited(action, "grant", grantId, () -> {
            Grant grant = loadGrant(grantId);
            requireAuthorityOver(grant, action);
            String why = requireReason(reason);
            grant.end(why, clock.instant());
            return saved(grant, action, why);
        });
    }

    // ================================================================== grants: the platform and other modules

    /** Ends every live grant past its expiry; the scheduled job calls it, so may tests. Returns how many. */
    @Transactional
    public int endExpiredGrants() {
        Instant now = clock.instant();
        List<Grant> expired = grants.findByStateIn(LIVE).stream().filter(g -> g.isExpired(now)).toList();
        expired.forEach(g -> {
            g.end("到期 expired", now);
            saved(g, "access.grant.end", "expired");
        });
        return expired.size();
    }

    /**
     * Ends every live grant of an agreement (it expired or was terminated). For the authorization module, which
     * has checked its own permissions; the act is audited as the current actor.
     */
    @Transactional
    public int endGrantsOfAgreement(UUID agreementId, String reason) {
        Instant now = clock.instant();
        String why = "协议终止 agreement ended: " + reason;
        List<Grant> live = grants.findByAgreementIdAndStateIn(agreementId, LIVE);
        live.forEach(g -> {
            g.end(why, now);
            saved(g, "access.grant.end", why);
        });
        return live.size();
    }

    /**
     * Holds every live grant of an operator under one authorizer (a rectification order, Art. 18), or under any
     * authorizer when {@code authorizerId} is null (a critical alert), for the reason named by {@code hold}: active
     * grants are suspended at once, suspended ones stay suspended until this reason is lifted too. Which grants an
     * authority's order covers is {@link #coveredBy}. For the supervision module's events, which have checked their
     * own permissions. Returns how many grants were suspended by this call.
     */
    @Transactional
    public int holdGrantsOfOperator(UUID operatorId, @Nullable UUID authorizerId, String hold, String reason) {
        Instant now = clock.instant();
        int suspended = 0;
        for (Grant grant : grants.findByOperatorIdAndStateIn(operatorId, LIVE)) {
            if (grant.isExpired(now) || (authorizerId != null && !coveredBy(grant, authorizerId))) {
                continue;
            }
            boolean changed = grant.hold(hold, reason, now);
            saved(grant, "access.grant.suspend", reason);
            if (changed) {
                suspended++;
            }
        }
        return suspended;
    }

    /**
     * Lifts one reason from every grant of an operator held for it (a rectification accepted): a grant with no
     * reason left is restored, or ended if it expired meanwhile; one still held for another reason (the authority's
     * own suspension, a critical alert, another order) stays suspended. Returns how many were restored.
     */
    @Transactional
    public int releaseGrantsOfOperator(UUID operatorId, String hold, String reason) {
        Instant now = clock.instant();
        int restored = 0;
        for (Grant grant : grants.findByOperatorIdAndStateIn(operatorId, EnumSet.of(GrantState.SUSPENDED))) {
            switch (grant.release(hold, reason, now)) {
                case RESTORED -> {
                    saved(grant, "access.grant.restore", reason);
                    restored++;
                }
                case ENDED -> saved(grant, "access.grant.end", "expired");
                case STILL_HELD -> saved(grant, "access.grant.hold.release", reason + "; still suspended: "
                        + String.join(", ", grant.holds()));
                case NOT_HELD -> {
                }
            }
        }
        return restored;
    }

    /**
     * Whether an order of {@code authorityId} covers the grant ("under that authorizer", Art. 18): the grant's
     * agreement was authorized by that authority; the city authority's order also covers domain-specific agreements
     * authorized by a data provider (it runs their procedure and providers cannot order rectification). A district
     * authority's agreements are that district's own to order. See the ADR on rectification scope.
     */
    boolean coveredBy(Grant grant, UUID authorityId) {
        if (grant.authorizerId().equals(authorityId)) {
            return true;
        }
        boolean city = identity.describe(authorityId)
                .map(o -> o.type() == OrganizationType.AUTHORITY && o.authorityLevel() == AuthorityLevel.CITY)
                .orElse(false);
        return city && identity.describe(grant.authorizerId()).map(o -> o.type() == OrganizationType.PROVIDER)
                .orElse(false);
    }

    /** Ends every live grant that includes a withdrawn dataset. */
    @Transactional
    int endGrantsOfDataset(UUID datasetId, String reason) {
        Instant now = clock.instant();
        String why = "数据集撤回 dataset withdrawn: " + reason;
        List<UUID> ids = jdbc.sql("select distinct access_grant from access_grant_dataset where dataset_id = :id")
                .param("id", datasetId).query(UUID.class).list();
        List<Grant> live = grants.findAllById(ids).stream().filter(g -> LIVE.contains(g.state())).toList();
        live.forEach(g -> {
            g.end(why, now);
            saved(g, "access.grant.end", why);
        });
        return live.size();
    }

    // ================================================================== grants: reading

    /**
     * The grants the current actor may see: all for city-level authorities and auditors, those it authorized
     * for a district authority, those on its datasets for a provider, its own for an operator's people.
     */
    @Transactional(readOnly = true)
    public List<GrantView> grants() {
        Actor actor = requireSignedIn();
        boolean city = isCityAuthority(actor);
        Names names = new Names();
        return grants.findAllByOrderByCreatedAtDesc().stream().filter(g -> maySee(actor, city, g, names))
                .map(g -> view(g, names)).toList();
    }

    /** One grant, if the current actor may see it. */
    @Transactional(readOnly = true)
    public GrantView grant(UUID grantId) {
        return audited("access.grant.read", "grant", grantId, () -> {
            Actor actor = requireSignedIn();
            Grant grant = loadGrant(grantId);
            Names names = new Names();
            if (!maySee(actor, isCityAuthority(actor), grant, names)) {
                throw QuanyunException.notFound("grant", grantId);
            }
            return view(grant, names);
        });
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<GrantDescriptor> find(UUID grantId) {
        Instant now = clock.instant();
        return grants.findById(grantId).map(g -> g.descriptor(now));
    }

    @Override
    @Transactional(readOnly = true)
    public List<GrantDescriptor> activeFor(UUID operatorId) {
        Instant now = clock.instant();
        return grants.findByOperatorIdAndStateIn(operatorId, EnumSet.of(GrantState.ACTIVE)).stream()
                .filter(g -> !g.isExpired(now)).map(g -> g.descriptor(now)).toList();
    }

    /** Whether any request exists (demo data is loaded only before the first). */
    @Transactional(readOnly = true)
    public boolean hasRequests() {
        return requests.count() > 0;
    }

    // ================================================================== helpers: grants

    private Grant createGrant(ScenarioRequest request, Instant now) {
        AgreementTerms agreement = activeAgreement(request.agreementId(), request.operatorId());
        RequestedDataPolicy.Decision scope = RequestedDataPolicy
                .evaluate(stored(request), agreement, request.consentPurpose(), catalog).orThrow();
        List<GrantDataset> datasets = scope.datasets().stream()
                .map(d -> new GrantDataset(d.datasetId(), d.code(), d.fields())).toList();
        // the privacy unit comes with every table (the sandbox counts and joins persons by it): a table of
        // persons' rows is personal data even when none of its requested fields is
        var considered = new java.util.ArrayList<io.quanyun.catalog.FieldDescriptor>(scope.fields());
        scope.datasets().forEach(d -> catalog.find(d.datasetId()).flatMap(DatasetDescriptor::privacyUnit)
                .ifPresent(considered::add));
        PrivacyTerms privacy = GrantPrivacyPolicy.termsFor(considered, request.minimumGroupSize(),
                request.totalEpsilon(), request.epsilonPerQuery());
        Instant wanted = now.plus(Duration.ofDays(request.durationDays()));
        // truncation only moves it earlier: never after the agreement's end
        Instant expiresAt = (wanted.isAfter(agreement.endsAt()) ? agreement.endsAt() : wanted)
                .truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Grant grant = Grant.activate(request, datasets, privacy, scope.sensitive() ? request.consentPurpose() : null,
                expiresAt, now);
        grants.save(grant);
        audit.record(AuditEvent.success("access.grant.create", "grant", grant.id()).with("request", request.id())
                .with("operator", request.operatorId()).with("agreement", request.agreementId())
                .with("mode", privacy.mode()).with("k", privacy.minimumGroupSize())
                .with("totalEpsilon", privacy.totalEpsilon()).with("epsilonPerQuery", privacy.epsilonPerQuery())
                .with("expiresAt", expiresAt));
        return grant;
    }

    private GrantView saved(Grant grant, String action, String reason) {
        grants.save(grant);
        audit.record(AuditEvent.success(action, "grant", grant.id()).with("state", grant.state())
                .with("reason", reason).with("holds", String.join(", ", grant.holds())));
        return view(grant, new Names());
    }

    private void requireAuthorityOver(Grant grant, String action) {
        Actor actor = Actors.current();
        if (actor.isSystem()) {
            return;
        }
        requireSignedIn();
        boolean allowed = actor.has(Role.AUTHORITY_ADMIN) && actor.isOf(OrganizationType.AUTHORITY)
                && (isCityAuthority(actor) || actor.belongsTo(grant.authorizerId()));
        if (!allowed) {
            throw refuse(ErrorCode.FORBIDDEN, action, "grant", grant.id(),
                    "only the city authority or the grant's authorizer may do this");
        }
    }

    private boolean maySee(Actor actor, boolean city, Grant grant, Names names) {
        if (actor.isSystem() || actor.has(Role.AUDITOR) || (actor.has(Role.AUTHORITY_ADMIN) && city)) {
            return true;
        }
        if (actor.has(Role.AUTHORITY_ADMIN) && actor.belongsTo(grant.authorizerId())) {
            return true;
        }
        if (actor.has(Role.PROVIDER_CLERK) && grant.datasets().stream()
                .anyMatch(d -> actor.belongsTo(names.providerOf(d.datasetId())))) {
            return true;
        }
        return actor.isOf(OrganizationType.OPERATOR) && actor.belongsTo(grant.operatorId());
    }

    private Grant loadGrant(UUID id) {
        return grants.findById(id).orElseThrow(() -> QuanyunException.notFound("grant", id));
    }

    // ================================================================== helpers: requests

    /** Who decides: the authority, or a provider of a requested dataset. */
    private record Party(ApprovalParty party, UUID organizationId) {
    }

    private Party partyOf(Actor actor, ScenarioRequest request, String action) {
        UUID organization = actor.organizationId();
        if (organization != null && actor.has(Role.AUTHORITY_ADMIN) && actor.isOf(OrganizationType.AUTHORITY)) {
            if (isCityAuthority(actor) || actor.belongsTo(request.authorizerId())) {
                return new Party(ApprovalParty.AUTHORITY, organization);
            }
            throw refuse(ErrorCode.FORBIDDEN, action, "scenario_request", request.id(),
                    "a district authority decides only on agreements it authorized");
        }
        if (organization != null && actor.has(Role.PROVIDER_CLERK) && actor.isOf(OrganizationType.PROVIDER)) {
            if (request.providers().contains(organization)) {
                return new Party(ApprovalParty.PROVIDER, organization);
            }
            throw refuse(ErrorCode.FORBIDDEN, action, "scenario_request", request.id(),
                    "this provider provides none of the requested datasets");
        }
        throw refuse(ErrorCode.FORBIDDEN, action, "scenario_request", request.id(),
                "only the authority and the providers of the requested datasets decide");
    }

    private boolean maySee(Actor actor, boolean city, ScenarioRequest request) {
        if (actor.isSystem() || actor.has(Role.AUDITOR) || (actor.has(Role.AUTHORITY_ADMIN) && city)) {
            return true;
        }
        if (actor.has(Role.AUTHORITY_ADMIN) && actor.belongsTo(request.authorizerId())) {
            return request.state() != ScenarioRequestState.DRAFT;
        }
        if (actor.has(Role.PROVIDER_CLERK) && actor.isOf(OrganizationType.PROVIDER)) {
            return request.state() != ScenarioRequestState.DRAFT && request.providers().contains(actor.organizationId());
        }
        return actor.isOf(OrganizationType.OPERATOR) && actor.belongsTo(request.operatorId());
    }

    private boolean awaits(Actor actor, boolean city, ScenarioRequest request) {
        UUID organization = actor.organizationId();
        if (organization == null) {
            return false;
        }
        if (actor.has(Role.AUTHORITY_ADMIN) && actor.isOf(OrganizationType.AUTHORITY)
                && (city || actor.belongsTo(request.authorizerId()))) {
            return !request.hasDecided(ApprovalParty.AUTHORITY, organization);
        }
        if (actor.has(Role.PROVIDER_CLERK) && request.providers().contains(organization)) {
            return !request.hasDecided(ApprovalParty.PROVIDER, organization);
        }
        return false;
    }

    private ScenarioContent content(@Nullable String name, @Nullable String description, @Nullable String purpose,
            @Nullable List<String> products, @Nullable Integer durationDays, @Nullable List<RequestedFields> datasets,
            @Nullable String consentPurpose, AgreementTerms agreement) {
        List<String> intended = products == null ? List.of()
                : products.stream().filter(p -> p != null && !p.isBlank()).map(String::trim).toList();
        Violations violations = Violations.create()
                .check(name != null && !name.isBlank() && name.trim().length() <= 200, "name",
                        "场景名称必填，至多200字 (the scenario's name is required, at most 200 characters)")
                .check(description != null && !description.isBlank() && description.length() <= 4000, "description",
                        "场景描述必填 (the scenario's description is required)")
                .check(purpose != null && !purpose.isBlank() && purpose.length() <= 2000, "purpose",
                        "用途必填 (the purpose is required)")
                .check(!intended.isEmpty() && String.join("\n", intended).length() <= 2000, "intendedProducts",
                        "至少说明一项拟形成的数据产品 (name at least one intended product)")
                .check(durationDays != null && durationDays >= 1 && durationDays <= MAXIMUM_DURATION_DAYS,
                        "durationDays", "使用期限须为1至3650天 (duration: 1 to 3650 days)")
                .check(consentPurpose == null || consentPurpose.length() <= 500, "consentPurpose",
                        "同意用途过长 (the consent purpose is too long)");
        RequestedDataPolicy.Decision scope = RequestedDataPolicy.evaluate(datasets, agreement, consentPurpose,
                catalog);
        if (!violations.isEmpty()) {
            List<Violation> all = new ArrayList<>(violations.list());
            if (scope.refusal() == ErrorCode.VALIDATION_FAILED) {
                all.addAll(scope.violations());
            }
            throw QuanyunException.invalid(all);
        }
        scope.orThrow();
        return new ScenarioContent(name.trim(), description.trim(), purpose.trim(), intended, durationDays,
                scope.datasets(), blankToNull(consentPurpose));
    }

    /** One request per scenario (Art. 13): a name may be used again only after the earlier request was withdrawn. */
    private void requireOneRequestPerScenario(UUID operatorId, String name, @Nullable UUID self) {
        boolean taken = requests.findByOperatorIdOrderByCreatedAtDesc(operatorId).stream()
                .anyMatch(r -> !r.id().equals(self) && r.state() != ScenarioRequestState.WITHDRAWN
                        && r.name().equalsIgnoreCase(name));
        if (taken) {
            throw new QuanyunException(ErrorCode.DUPLICATE, "A request for this scenario exists (one per scenario)",
                    List.of(new Violation("name", "该场景已有申请，一事一申请 (one request per scenario)")),
                    "scenario_request", null);
        }
    }

    private static List<RequestedFields> stored(ScenarioRequest request) {
        return request.datasets().stream()
                .map(d -> new RequestedFields(d.datasetId().toString(), d.fieldNames())).toList();
    }

    private AgreementTerms activeAgreement(UUID agreementId, UUID operatorId) {
        AgreementSource source = agreements.getIfAvailable();
        if (source == null) {
            throw new QuanyunException(ErrorCode.AGREEMENTS_UNAVAILABLE,
                    "No agreement source is available yet; requests cannot be filed", List.of(), "agreement",
                    agreementId.toString());
        }
        AgreementTerms agreement = source.find(agreementId).filter(a -> a.operatorId().equals(operatorId))
                .orElseThrow(() -> QuanyunException.notFound("agreement", agreementId));
        if (!agreement.active() || !agreement.endsAt().isAfter(clock.instant())) {
            throw new QuanyunException(ErrorCode.AGREEMENT_NOT_ACTIVE,
                    "Agreement " + agreementId + " is not active (ends " + agreement.endsAt() + ")", List.of(),
                    "agreement", agreementId.toString());
        }
        return agreement;
    }

    private ScenarioRequest ownRequest(UUID requestId, Actor actor, String action) {
        ScenarioRequest request = load(requestId);
        if (!actor.belongsTo(request.operatorId())) {
            throw refuse(ErrorCode.FORBIDDEN, action, "scenario_request", requestId,
                    "not the operator's own request");
        }
        return request;
    }

    private ScenarioRequest load(UUID id) {
        return requests.findById(id).orElseThrow(() -> QuanyunException.notFound("scenario_request", id));
    }

    private static String codes(ScenarioRequest request) {
        return String.join(",", request.datasets().stream().map(RequestedDataset::code).toList());
    }

    // ================================================================== helpers: actors, audit

    private Actor requireOperatorAdmin(String action) {
        Actor actor = requireSignedIn();
        if (actor.organizationId() == null) {
            throw refuse(ErrorCode.FORBIDDEN, action, "organization", null, "only an operator may do this");
        }
        identity.requireMayOperate(actor.organizationId(), action);
        if (!actor.has(Role.OPERATOR_ADMIN)) {
            throw refuse(ErrorCode.FORBIDDEN, action, "organization", actor.organizationId(),
                    "only the operator's administrator may do this");
        }
        return actor;
    }

    private static Actor requireSignedIn() {
        Actor actor = Actors.current();
        if (!actor.isSystem() && !actor.isAuthenticated()) {
            throw new QuanyunException(ErrorCode.UNAUTHENTICATED, "Sign in first").markAudited();
        }
        return actor;
    }

    private boolean isCityAuthority(Actor actor) {
        if (!actor.has(Role.AUTHORITY_ADMIN) || actor.organizationId() == null) {
            return false;
        }
        return identity.describe(actor.organizationId())
                .map(o -> o.type() == OrganizationType.AUTHORITY && o.authorityLevel() == AuthorityLevel.CITY)
                .orElse(false);
    }

    /** Runs {@code work}; a refusal that nobody audited yet is written to the audit log on its own. */
    private <T> T audited(String action, String objectType, @Nullable Object objectId, Supplier<T> work) {
        try {
            return work.get();
        } catch (QuanyunException refused) {
            if (!refused.audited()) {
                String object = refused.objectId() != null ? refused.objectId()
                        : objectId == null ? null : objectId.toString();
                audit.recordIndependently(AuditEvent.refused(action,
                        refused.objectType() != null ? refused.objectType() : objectType, object,
                        refused.code().code() + ": " + refused.getMessage()));
                refused.markAudited();
            }
            throw refused;
        }
    }

    private QuanyunException refuse(ErrorCode code, String action, String objectType, @Nullable Object objectId,
            String reason) {
        audit.recordIndependently(AuditEvent.refused(action, objectType, objectId, code.code() + ": " + reason));
        return new QuanyunException(code, code.titleEn() + ": " + reason, List.of(), objectType,
                objectId == null ? null : objectId.toString()).markAudited();
    }

    private static String requireReason(@Nullable String reason) {
        Violations.create().check(reason != null && !reason.isBlank() && reason.length() <= 1000, "reason",
                "须说明理由 (a reason is required)").throwIfAny();
        return reason.trim();
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    // ================================================================== views

    /** Organization names and dataset providers, looked up once per call. */
    private final class Names {
        private final Map<UUID, Optional<OrganizationView>> organizations = new HashMap<>();
        private final Map<UUID, Optional<UUID>> providers = new HashMap<>();

        Optional<OrganizationView> organization(UUID id) {
            return organizations.computeIfAbsent(id, identity::describe);
        }

        String name(UUID id) {
            return organization(id).map(OrganizationView::name).orElse(id.toString());
        }

        @Nullable UUID providerOf(UUID datasetId) {
            return providers.computeIfAbsent(datasetId, d -> catalog.find(d).map(DatasetDescriptor::providerId))
                    .orElse(null);
        }
    }

    private ScenarioRequestView view(ScenarioRequest request) {
        return view(request, new Names());
    }

    private ScenarioRequestView view(ScenarioRequest request, Names names) {
        List<RequestedDatasetView> datasets = request.datasets().stream()
                .map(d -> new RequestedDatasetView(d.datasetId(), d.code(), d.providerId(), names.name(d.providerId()),
                        d.fieldNames())).toList();
        List<DecisionView> decisions = request.decisions().stream()
                .map(d -> new DecisionView(d.reviewRound(), d.party(), d.organizationId(), names.name(d.organizationId()),
                        d.outcome(), d.reason(), d.decidedBy(), d.decidedAt())).toList();
        List<PendingApproval> pending = new ArrayList<>();
        if (request.state() == ScenarioRequestState.SUBMITTED) {
            if (!request.hasDecided(ApprovalParty.AUTHORITY, request.authorizerId())) {
                pending.add(new PendingApproval(ApprovalParty.AUTHORITY, null, names.name(request.authorizerId())));
            }
            request.providers().stream().filter(p -> !request.hasDecided(ApprovalParty.PROVIDER, p))
                    .forEach(p -> pending.add(new PendingApproval(ApprovalParty.PROVIDER, p, names.name(p))));
        }
        return new ScenarioRequestView(request.id(), request.agreementId(), request.operatorId(),
                names.name(request.operatorId()), request.authorizerId(), names.name(request.authorizerId()),
                request.name(), request.description(), request.purpose(), request.intendedProducts(),
                request.durationDays(), datasets, request.consentPurpose(), request.state(), request.reviewRound(),
                decisions, pending, request.minimumGroupSize(), request.totalEpsilon(), request.epsilonPerQuery(),
                request.grantId(), request.createdAt(), request.updatedAt());
    }

    private GrantView view(Grant grant, Names names) {
        return new GrantView(grant.descriptor(clock.instant()), names.name(grant.operatorId()),
                names.name(grant.authorizerId()),
                names.organization(grant.operatorId()).map(OrganizationView::legalRepresentative).orElse(null),
                grant.stateReason(), grant.createdAt(), grant.updatedAt());
    }
}
