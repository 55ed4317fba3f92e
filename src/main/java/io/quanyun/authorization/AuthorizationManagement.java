package io.quanyun.authorization;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.unit.DataSize;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.catalog.DatasetDescriptor;
import io.quanyun.catalog.DatasetDirectory;
import io.quanyun.catalog.DatasetState;
import io.quanyun.identity.AuthorityLevel;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.identity.UserView;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Role;
import io.quanyun.shared.Violation;
import io.quanyun.shared.Violations;

/**
 * The authorization procedure's facade (Art. 7, 8, 11): calls, applications, expert review, public notice and
 * objections, and the conclusion that generates agreements. Every method checks the current actor's permission
 * here, appends the audit entry in the same transaction, and audits its refusals.
 *
 * <p>Ranking rule: an application's weighted score is the mean, over the experts who scored it, of
 * Σ(score × weight) / 100, rounded half-up to two decimals. Ties are broken by the higher mean score on the
 * heaviest criterion (the first such criterion when weights are equal), then by the earlier submission.
 */
@Service
public class AuthorizationManagement {

    private final Calls calls;
    private final Applications applications;
    private final Reviews reviews;
    private final Objections objections;
    private final AgreementManagement agreements;
    private final ObjectProvider<DatasetDirectory> datasets;
    private final IdentityManagement identity;
    private final AuditTrail audit;
    private final Refusals refusals;
    private final DocumentStore store;
    private final Clock clock;
    private final long maximumDocumentBytes;

    AuthorizationManagement(Calls calls, Applications applications, Reviews reviews, Objections objections,
            AgreementManagement agreements, ObjectProvider<DatasetDirectory> datasets, IdentityManagement identity,
            AuditTrail audit, Refusals refusals, DocumentStore store, Clock clock,
            @Value("${quanyun.authorization.maximum-document-size:10MB}") DataSize maximumDocumentSize) {
        this.calls = calls;
        this.applications = applications;
        this.reviews = reviews;
        this.objections = objections;
        this.agreements = agreements;
        this.datasets = datasets;
        this.identity = identity;
        this.audit = audit;
        this.refusals = refusals;
        this.store = store;
        this.clock = clock;
        this.maximumDocumentBytes = maximumDocumentSize.toBytes();
    }

    // ---------------------------------------------------------------- calls

    /**
     * Drafts a call. The authority drafts any mode (naming the provider for domain-specific authorization); a
     * data provider drafts domain-specific calls over its own datasets, managed by the city authority.
     */
    @Transactional
    public CallView draftCall(DraftCall command) {
        return refusals.guard("authorization.call.draft", "call", null, () -> {
            Actor actor = Actors.current();
            boolean authority = actor.has(Role.AUTHORITY_ADMIN) && actor.isOf(OrganizationType.AUTHORITY);
            boolean provider = actor.has(Role.PROVIDER_CLERK) && actor.isOf(OrganizationType.PROVIDER);
            if (!authority && !provider) {
                throw Refusals.forbidden("Only the authority or a data provider drafts calls", "call", null);
            }
            if (provider && command.mode() != null && command.mode() != CallMode.DOMAIN_SPECIFIC) {
                throw Refusals.forbidden("A data provider drafts only domain-specific calls (Art. 7)", "call", null);
            }
            UUID authorizerId;
            UUID authorityId;
            if (command.mode() == CallMode.DOMAIN_SPECIFIC) {
                UUID providerId = provider ? actor.organizationId() : command.providerId();
                if (providerId == null) {
                    Violations.create().add("providerId",
                            "分领域授权须指定数据提供单位 (domain-specific authorization names its provider)").throwIfAny();
                }
                OrganizationView providerOrganization = identity.describe(providerId)
                        .filter(o -> o.type() == OrganizationType.PROVIDER)
                        .orElseThrow(() -> QuanyunException.invalid(List.of(new Violation("providerId",
                                "不是数据提供单位 (not a data provider)"))));
                authorizerId = providerOrganization.id();
                authorityId = authority ? actor.organizationId() : cityAuthority().id();
            } else {
                authorizerId = actor.organizationId();
                authorityId = actor.organizationId();
            }
            String authorizerName = identity.describe(authorizerId).map(OrganizationView::name).orElseThrow();
            List<ScopedDataset> scoped = scopedDatasets(command, authorizerId);
            // a provider drafting its own domain-specific call concurs by drafting it
            String concurredBy = provider ? actor.username() : null;
            Call call = Call.draft(command, authorizerId, authorizerName, actor.organizationId(), authorityId,
                    scoped, concurredBy, clock.instant());
            calls.save(call);
            audit.record(AuditEvent.success("authorization.call.draft", "call", call.id())
                    .with("mode", call.mode()).with("title", call.title()).with("authorizer", authorizerId)
                    .with("grade", call.grade()).with("datasets", scoped.size()));
            return call.view();
        });
    }

    private List<ScopedDataset> scopedDatasets(DraftCall command, UUID authorizerId) {
        List<UUID> ids = command.datasetIds() == null ? List.of() : command.datasetIds().stream().distinct().toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        DatasetDirectory directory = datasets.getIfAvailable();
        if (directory == null) {
            throw QuanyunException.invalid(List.of(new Violation("datasetIds",
                    "数据目录不可用 (the catalog is not available)")));
        }
        List<ScopedDataset> scoped = new ArrayList<>();
        Violations violations = Violations.create();
        for (UUID id : ids) {
            Optional<DatasetDescriptor> found = directory.find(id);
            if (found.isEmpty() || found.get().state() != DatasetState.PUBLISHED) {
                violations.add("datasetIds", "数据集未发布或不存在 (not a published dataset): " + id);
                continue;
            }
            DatasetDescriptor dataset = found.get();
            if (dataset.containsCoreData()) {
                throw new QuanyunException(ErrorCode.CORE_DATA_NOT_AUTHORIZABLE,
                        "Dataset " + dataset.code() + " contains core data, which can never be authorized",
                        List.of(new Violation("datasetIds", "含核心数据 (contains core data): " + dataset.code())),
                        "dataset", dataset.id().toString());
            }
            if (command.mode() == CallMode.DOMAIN_SPECIFIC && !dataset.providerId().equals(authorizerId)) {
                violations.add("datasetIds", "分领域授权只含授权方自己的数据集 (domain-specific scope is the provider's "
                        + "own datasets): " + dataset.code());
            }
            if (command.mode() == CallMode.GRADED && command.grade() != null && command.grade().isAuthorizable()
                    && dataset.classification().compareTo(command.grade()) > 0) {
                throw new QuanyunException(ErrorCode.GRADE_EXCEEDED, "Dataset " + dataset.code() + " is "
                        + dataset.classification() + ", above the call's level " + command.grade(),
                        List.of(new Violation("datasetIds", "数据集分级高于授权级别 (classification above the call's "
                                + "level): " + dataset.code() + " " + Grades.labelZh(dataset.classification()))),
                        "dataset", dataset.id().toString());
            }
            scoped.add(new ScopedDataset(dataset.id(), dataset.code(), dataset.name()));
        }
        violations.throwIfAny();
        return scoped;
    }

    /**
     * The provider concurs with a domain-specific call the authority drafted in its name (Art. 7, 8(3)); only
     * then may the authority publish it.
     */
    @Transactional
    public CallView concurCall(UUID callId) {
        return refusals.guard("authorization.call.concur", "call", callId, () -> {
            Actor actor = Actors.current();
            Call call = calls.findById(callId).filter(c -> maySee(actor, c))
                    .orElseThrow(() -> QuanyunException.notFound("call", callId));
            if (!(actor.has(Role.PROVIDER_CLERK) && actor.belongsTo(call.authorizerId()))) {
                throw Refusals.forbidden("Only the authorizing provider concurs with call " + callId, "call", callId);
            }
            call.concur(actor.username(), clock.instant());
            calls.save(call);
            audit.record(AuditEvent.success("authorization.call.concur", "call", callId)
                    .with("provider", call.authorizerId()));
            return call.view();
        });
    }

    /** Whether the current actor is the provider that may concur with the call now. */
    @Transactional(readOnly = true)
    public boolean mayConcur(UUID callId) {
        Actor actor = Actors.current();
        return calls.findById(callId).map(call -> call.view().awaitsProviderConcurrence()
                && actor.has(Role.PROVIDER_CLERK) && actor.belongsTo(call.authorizerId())).orElse(false);
    }

    /**
     * The published datasets a call may be drafted over, for the drafting form: all for the authority, its own
     * for a provider. Core data is listed (and marked) so that the form can say why it cannot be chosen.
     */
    @Transactional(readOnly = true)
    public List<DraftableDataset> draftableDatasets() {
        Actor actor = Actors.current();
        DatasetDirectory directory = datasets.getIfAvailable();
        if (directory == null) {
            return List.of();
        }
        boolean provider = !actor.has(Role.AUTHORITY_ADMIN) && actor.has(Role.PROVIDER_CLERK);
        Map<UUID, String> names = new HashMap<>();
        return directory.published().stream()
                .filter(d -> !provider || actor.belongsTo(d.providerId()))
                .map(d -> new DraftableDataset(d.id(), d.code(), d.name(), d.providerId(),
                        names.computeIfAbsent(d.providerId(), id -> identity.describe(id).map(OrganizationView::name)
                                .orElse("—")),
                        d.classification(), d.domains().stream().sorted().toList()))
                .toList();
    }

    /** The data providers the authority may name as authorizer of a domain-specific call. */
    @Transactional(readOnly = true)
    public List<OrganizationView> providers() {
        return identity.organizationsOfType(OrganizationType.PROVIDER);
    }

    private OrganizationView cityAuthority() {
        return identity.organizationsOfType(OrganizationType.AUTHORITY).stream()
                .filter(o -> o.authorityLevel() == AuthorityLevel.CITY).findFirst()
                .orElseThrow(() -> new QuanyunException(ErrorCode.INTERNAL_ERROR, "no city authority"));
    }

    /** Publishes a call on the portal; refused without criteria summing to 100. */
    @Transactional
    public CallView publishCall(UUID callId) {
        return refusals.guard("authorization.call.publish", "call", callId, () -> {
            Call call = managedCall(callId);
            call.publish(clock.instant());
            calls.save(call);
            audit.record(AuditEvent.success("authorization.call.publish", "call", callId)
                    .with("closesAt", call.closesAt()));
            return call.view();
        });
    }

    /** Withdraws a call with a reason, before its window closes; its applications are closed. */
    @Transactional
    public CallView withdrawCall(UUID callId, @Nullable String reason) {
        return refusals.guard("authorization.call.withdraw", "call", callId, () -> {
            Call call = managedCall(callId);
            Instant now = clock.instant();
            call.withdraw(reason == null ? "" : reason, now);
            calls.save(call);
            for (Application application : applications.findByCallIdOrderBySubmittedAt(callId)) {
                if (application.state() == ApplicationState.SUBMITTED) {
                    application.closeWithCall(now);
                    applications.save(application);
                }
            }
            audit.record(AuditEvent.success("authorization.call.withdraw", "call", callId).with("reason", reason));
            return call.view();
        });
    }

    /** The calls the current actor may see: all for the authority, public ones plus own drafts for others. */
    @Transactional(readOnly = true)
    public List<CallView> calls() {
        Actor actor = Actors.current();
        return calls.findAllByOrderByCreatedAtDesc().stream().filter(call -> maySee(actor, call)).map(Call::view)
                .toList();
    }

    @Transactional(readOnly = true)
    public CallView call(UUID callId) {
        Actor actor = Actors.current();
        Call call = calls.findById(callId).filter(c -> maySee(actor, c))
                .orElseThrow(() -> QuanyunException.notFound("call", callId));
        return call.view();
    }

    /** Published calls, for the portal (no sign-in). */
    @Transactional(readOnly = true)
    public List<CallView> publicCalls() {
        return calls.findAllByOrderByCreatedAtDesc().stream().filter(c -> c.state().isPublic()).map(Call::view)
                .toList();
    }

    @Transactional(readOnly = true)
    public CallView publicCall(UUID callId) {
        return calls.findById(callId).filter(c -> c.state().isPublic()).map(Call::view)
                .orElseThrow(() -> QuanyunException.notFound("call", callId));
    }

    /** The authority managing the call, or the authorizing provider of a domain-specific call. */
    private static boolean organizes(Actor actor, Call call) {
        return actor.isSystem() || actor.has(Role.AUTHORITY_ADMIN) && actor.belongsTo(call.authorityId())
                || call.mode().providerAuthorizes() && actor.has(Role.PROVIDER_CLERK)
                        && actor.belongsTo(call.authorizerId());
    }

    private static boolean maySee(Actor actor, Call call) {
        if (call.state().isPublic() || actor.isSystem()) {
            return true;
        }
        return actor.has(Role.AUTHORITY_ADMIN) && actor.belongsTo(call.authorityId())
                || actor.belongsTo(call.draftedBy()) || actor.belongsTo(call.authorizerId());
    }

    /** Whether the current actor is the authority managing the call (the console offers its steps then). */
    @Transactional(readOnly = true)
    public boolean manages(UUID callId) {
        Actor actor = Actors.current();
        return calls.findById(callId).map(call -> actor.isSystem()
                || (actor.has(Role.AUTHORITY_ADMIN) && actor.belongsTo(call.authorityId()))).orElse(false);
    }

    /** Whether every panel member of the call has submitted, so that its ranking may be read. */
    @Transactional(readOnly = true)
    public boolean scoresUnsealed(UUID callId) {
        return allSubmitted(callId);
    }

    /** The enabled experts of the expert institutions, from whom the authority forms a panel. */
    @Transactional(readOnly = true)
    public List<UserView> experts() {
        List<UserView> experts = new ArrayList<>();
        for (OrganizationView institution : identity.organizationsOfType(OrganizationType.EXPERT_INSTITUTION)) {
            for (UserView user : identity.users(institution.id())) {
                if (user.roles().contains(Role.EXPERT) && user.enabled()) {
                    experts.add(user);
                }
            }
        }
        return experts;
    }

    private Call managedCall(UUID callId) {
        Call call = calls.findById(callId).orElseThrow(() -> QuanyunException.notFound("call", callId));
        requireManager(call);
        return call;
    }

    private static void requireManager(Call call) {
        Actor actor = Actors.current();
        if (!actor.isSystem() && !(actor.has(Role.AUTHORITY_ADMIN) && actor.belongsTo(call.authorityId()))) {
            throw Refusals.forbidden("Only the authority managing call " + call.id() + " may do this", "call",
                    call.id());
        }
    }

    // ---------------------------------------------------------------- applications

    /**
     * Applies to a call: an operator organization only (never the maintainer, Art. 11), inside the window,
     * once per call, with every required document of an accepted type whose content matches it.
     */
    @Transactional
    public ApplicationView apply(SubmitApplication command) {
        return refusals.guard("authorization.application.submit", "call", command.callId(), () -> {
            Actor actor = Actors.current();
            if (!actor.isAuthenticated() || actor.organizationId() == null) {
                throw new QuanyunException(ErrorCode.UNAUTHENTICATED, "Sign in first");
            }
            identity.requireMayOperate(actor.organizationId(), "authorization.application.submit");
            if (!actor.has(Role.OPERATOR_ADMIN)) {
                throw Refusals.forbidden("Only an operator administrator applies", "call", command.callId());
            }
            Call call = calls.findById(command.callId()).filter(c -> c.state().isPublic())
                    .orElseThrow(() -> QuanyunException.notFound("call", command.callId()));
            Instant now = clock.instant();
            if (!call.acceptsApplicationsAt(now)) {
                throw Transitions.refuse(ErrorCode.APPLICATION_WINDOW_CLOSED, "Call " + call.id()
                        + " accepts applications from " + call.opensAt() + " until " + call.closesAt()
                        + (call.state() == CallState.PUBLISHED ? "" : "; it is " + call.state()), "call", call.id());
            }
            if (applications.findByCallIdAndOrganizationId(call.id(), actor.organizationId()).isPresent()) {
                throw Transitions.refuse(ErrorCode.APPLICATION_EXISTS,
                        "Organization " + actor.organizationName() + " has already applied to call " + call.id(),
                        "call", call.id());
            }
            String scenarios = command.scenarios() == null ? "" : command.scenarios().trim();
            Violations.create().check(!scenarios.isEmpty() && scenarios.length() <= 4000, "scenarios",
                    "须说明拟开展的应用场景 (declare the intended scenarios)").throwIfAny();
            checkDocuments(call, command.documents());
            UUID id = UUID.randomUUID();
            List<StoredDocument> stored = new ArrayList<>();
            for (UploadedDocument document : command.documents()) {
                DocumentTypes.Type type = DocumentTypes.verify(document.declaredType(), document.content()).orElseThrow();
                String hash = io.quanyun.audit.Sm3.hex(document.content());
                String storedName = document.requirementCode() + "-" + hash.substring(0, 16) + "." + type.extension();
                store.write("applications/" + id, storedName, document.content());
                stored.add(new StoredDocument(document.requirementCode(), safeName(document.fileName()),
                        type.contentType(), document.content().length, hash, storedName));
            }
            OrganizationView organization = identity.describe(actor.organizationId()).orElseThrow();
            Application application = Application.submit(id, call.id(), organization.id(), organization.name(),
                    organization.legalRepresentative(), scenarios, stored, now);
            applications.save(application);
            audit.record(AuditEvent.success("authorization.application.submit", "application", id)
                    .with("call", call.id()).with("organization", organization.id())
                    .with("documents", stored.stream().map(d -> d.requirementCode() + ":" + d.sm3())
                            .collect(Collectors.joining(","))));
            return application.view();
        });
    }

    private void checkDocuments(Call call, List<UploadedDocument> documents) {
        Violations violations = Violations.create();
        Map<String, RequiredDocument> checklist = call.requirements().stream()
                .collect(Collectors.toMap(RequiredDocument::code, r -> r));
        Set<String> seen = new java.util.HashSet<>();
        boolean rejected = false;
        for (UploadedDocument document : documents) {
            if (!checklist.containsKey(document.requirementCode())) {
                violations.add("documents." + document.requirementCode(), "不在材料清单中 (not on the checklist)");
                rejected = true;
            } else if (!seen.add(document.requirementCode())) {
                violations.add("documents." + document.requirementCode(), "重复上传 (uploaded twice)");
                rejected = true;
            } else if (document.content().length == 0 || document.content().length > maximumDocumentBytes) {
                violations.add("documents." + document.requirementCode(),
                        "文件为空或超过大小限制 (empty or larger than " + maximumDocumentBytes + " bytes)");
                rejected = true;
            } else if (DocumentTypes.verify(document.declaredType(), document.content()).isEmpty()) {
                violations.add("documents." + document.requirementCode(),
                        "文件内容与声明类型不符或类型不受支持 (content does not match the declared type, or the type "
                                + "is not accepted: PDF, PNG, JPEG)");
                rejected = true;
            }
        }
        if (rejected) {
            throw new QuanyunException(ErrorCode.DOCUMENT_REJECTED, "A document was refused", violations.list(),
                    "call", call.id().toString());
        }
        List<Violation> missing = call.requirements().stream().filter(RequiredDocument::required)
                .filter(r -> !seen.contains(r.code()))
                .map(r -> new Violation("documents." + r.code(), "缺少必需材料：" + r.label() + " (required document missing)"))
                .toList();
        if (!missing.isEmpty()) {
            throw new QuanyunException(ErrorCode.REQUIRED_DOCUMENT_MISSING,
                    "Required documents are missing: " + missing.stream().map(Violation::field).toList(), missing,
                    "call", call.id().toString());
        }
    }

    private static String safeName(@Nullable String name) {
        if (name == null || name.isBlank()) {
            return "document";
        }
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}]", "");
        return base.length() > 200 ? base.substring(0, 200) : base;
    }

    /** Withdraws the own organization's application, before review. */
    @Transactional
    public ApplicationView withdrawApplication(UUID applicationId) {
        return refusals.guard("authorization.application.withdraw", "application", applicationId, () -> {
            Actor actor = Actors.current();
            Application application = applications.findById(applicationId)
                    .orElseThrow(() -> QuanyunException.notFound("application", applicationId));
            if (!(actor.has(Role.OPERATOR_ADMIN) && actor.belongsTo(application.organizationId()))) {
                throw Refusals.forbidden("Only the applicant withdraws its application", "application", applicationId);
            }
            application.withdraw(clock.instant());
            applications.save(application);
            audit.record(AuditEvent.success("authorization.application.withdraw", "application", applicationId));
            return application.view();
        });
    }

    /** A call's applications: all for its authority; the own one for an operator; under review for its panel. */
    @Transactional(readOnly = true)
    public List<ApplicationView> applications(UUID callId) {
        Actor actor = Actors.current();
        Call call = calls.findById(callId).filter(c -> maySee(actor, c))
                .orElseThrow(() -> QuanyunException.notFound("call", callId));
        boolean manager = organizes(actor, call);
        boolean panel = actor.has(Role.EXPERT) && reviews.findByCallId(callId).stream()
                .anyMatch(r -> r.expertUserId().equals(actor.userId()));
        return applications.findByCallIdOrderBySubmittedAt(callId).stream()
                .filter(a -> manager || actor.belongsTo(a.organizationId())
                        || panel && a.state() != ApplicationState.WITHDRAWN && a.state() != ApplicationState.CLOSED)
                .map(Application::view).toList();
    }

    /**
     * Hands out one uploaded document of an application. Permitted: the authority managing the call (and the
     * authorizing provider of a domain-specific call), the applicant organization itself, and a panel expert of
     * the call who has declared conflicts and is not excluded from this application. Nobody else, never the
     * public. Every download is audited with the reader's right and the document's SM3 hash; every refusal too.
     */
    @Transactional
    public DocumentDownload document(UUID applicationId, String requirementCode) {
        return refusals.guard("authorization.application.document", "application", applicationId, () -> {
            Actor actor = Actors.current();
            if (!actor.isAuthenticated()) {
                throw new QuanyunException(ErrorCode.UNAUTHENTICATED, "Sign in first");
            }
            Application application = applications.findById(applicationId)
                    .orElseThrow(() -> QuanyunException.notFound("application", applicationId));
            Call call = calls.findById(application.callId()).orElseThrow();
            String right = readingRight(actor, call, application);
            if (right == null) {
                throw Refusals.forbidden("The documents of application " + applicationId + " are for the authority, "
                        + "the applicant and the panel experts without a conflict of interest", "application",
                        applicationId);
            }
            StoredDocument stored = application.documents().stream()
                    .filter(d -> d.requirementCode().equals(requirementCode)).findFirst()
                    .orElseThrow(() -> new QuanyunException(ErrorCode.NOT_FOUND, "Application " + applicationId
                            + " has no document " + requirementCode, List.of(), "application",
                            applicationId.toString()));
            byte[] content = store.read("applications/" + applicationId, stored.storedName());
            audit.record(AuditEvent.success("authorization.application.document", "application", applicationId)
                    .with("document", requirementCode).with("sm3", stored.sm3()).with("right", right));
            return new DocumentDownload(stored.fileName(), stored.contentType(), stored.sm3(), content);
        });
    }

    /** Why the actor may read the application's documents ("authority", "applicant", "expert"), or null. */
    private @Nullable String readingRight(Actor actor, Call call, Application application) {
        if (organizes(actor, call)) {
            return "authority";
        }
        if (actor.belongsTo(application.organizationId())) {
            return "applicant";
        }
        if (actor.has(Role.EXPERT) && actor.userId() != null && application.state() != ApplicationState.SUBMITTED
                && application.state() != ApplicationState.WITHDRAWN && application.state() != ApplicationState.CLOSED) {
            boolean cleared = reviews.findByCallId(call.id()).stream()
                    .filter(r -> r.expertUserId().equals(actor.userId()))
                    .anyMatch(r -> r.state() != ReviewState.DECLARING && !r.isExcludedFrom(application.id()));
            return cleared ? "expert" : null;
        }
        return null;
    }

    /** Whether the current actor may read the application's documents (the pages offer the links then). */
    @Transactional(readOnly = true)
    public boolean mayReadDocuments(UUID applicationId) {
        Actor actor = Actors.current();
        return applications.findById(applicationId).map(application -> readingRight(actor,
                calls.findById(application.callId()).orElseThrow(), application) != null).orElse(false);
    }

    /** The applications of the signed-in operator. */
    @Transactional(readOnly = true)
    public List<ApplicationView> myApplications() {
        Actor actor = Actors.current();
        if (actor.organizationId() == null) {
            return List.of();
        }
        return applications.findByOrganizationIdOrderBySubmittedAtDesc(actor.organizationId()).stream()
                .map(Application::view).toList();
    }

    @Transactional(readOnly = true)
    public ApplicationView application(UUID applicationId) {
        Application application = applications.findById(applicationId)
                .orElseThrow(() -> QuanyunException.notFound("application", applicationId));
        return applications(application.callId()).stream().filter(a -> a.id().equals(applicationId)).findFirst()
                .orElseThrow(() -> QuanyunException.notFound("application", applicationId));
    }

    // ---------------------------------------------------------------- review

    /**
     * Starts the review once the window has closed: the submitted applications go under review and each named
     * expert of the expert institution gets a review, with automatic exclusions (affiliation with an applicant,
     * or being its legal representative).
     */
    @Transactional
    public List<ReviewView> startReview(UUID callId, StartReview command) {
        return refusals.guard("authorization.review.start", "call", callId, () -> {
            Call call = managedCall(callId);
            List<UUID> expertIds = command.expertUserIds() == null ? List.of()
                    : command.expertUserIds().stream().distinct().toList();
            Violations.create().check(!expertIds.isEmpty(), "expertUserIds",
                    "评审专家组至少一人 (the panel needs at least one expert)").throwIfAny();
            Map<UUID, UserView> experts = new HashMap<>();
            for (OrganizationView institution : identity.organizationsOfType(OrganizationType.EXPERT_INSTITUTION)) {
                for (UserView user : identity.users(institution.id())) {
                    if (user.roles().contains(Role.EXPERT) && user.enabled()) {
                        experts.put(user.id(), user);
                    }
                }
            }
            Violations violations = Violations.create();
            for (UUID expert : expertIds) {
                violations.check(experts.containsKey(expert), "expertUserIds",
                        "不是第三方专家机构的评审专家 (not an expert of the expert institution): " + expert);
            }
            violations.throwIfAny();
            Instant now = clock.instant();
            call.startReview(now);
            List<Application> underReview = new ArrayList<>();
            for (Application application : applications.findByCallIdOrderBySubmittedAt(callId)) {
                if (application.state() == ApplicationState.SUBMITTED) {
                    application.enterReview(now);
                    applications.save(application);
                    underReview.add(application);
                }
            }
            calls.save(call);
            List<ReviewView> views = new ArrayList<>();
            for (UUID expertId : expertIds) {
                UserView expert = experts.get(expertId);
                List<Exclusion> automatic = new ArrayList<>();
                for (Application application : underReview) {
                    if (application.organizationId().equals(expert.organizationId())) {
                        automatic.add(new Exclusion(application.id(), ExclusionReason.AFFILIATED_WITH_APPLICANT));
                    } else if (application.legalRepresentative() != null
                            && application.legalRepresentative().trim().equals(expert.displayName().trim())) {
                        automatic.add(new Exclusion(application.id(), ExclusionReason.LEGAL_REPRESENTATIVE));
                    }
                }
                Review review = Review.assign(callId, expert.id(), expert.displayName(), expert.organizationId(),
                        automatic, now);
                reviews.save(review);
                views.add(review.view(false));
            }
            audit.record(AuditEvent.success("authorization.review.start", "call", callId)
                    .with("applications", underReview.size()).with("panel", expertIds.size())
                    .with("automaticExclusions", views.stream().mapToInt(v -> v.exclusions().size()).sum()));
            return views;
        });
    }

    /** The signed-in expert's reviews, with the expert's own scores. */
    @Transactional(readOnly = true)
    public List<ReviewView> myReviews() {
        Actor actor = Actors.current();
        if (actor.userId() == null) {
            return List.of();
        }
        return reviews.findByExpertUserIdOrderByAssignedAtDesc(actor.userId()).stream().map(r -> r.view(true))
                .toList();
    }

    /** One review: its expert sees the scores; the authority sees them once every panel member submitted. */
    @Transactional(readOnly = true)
    public ReviewView review(UUID reviewId) {
        Actor actor = Actors.current();
        Review review = reviews.findById(reviewId).orElseThrow(() -> QuanyunException.notFound("review", reviewId));
        if (review.expertUserId().equals(actor.userId())) {
            return review.view(true);
        }
        Call call = calls.findById(review.callId()).orElseThrow();
        requireManager(call);
        return review.view(allSubmitted(call.id()));
    }

    /** A call's panel; the scores stay sealed until every member submitted. */
    @Transactional(readOnly = true)
    public List<ReviewView> reviews(UUID callId) {
        Call call = calls.findById(callId).orElseThrow(() -> QuanyunException.notFound("call", callId));
        requireManager(call);
        boolean unsealed = allSubmitted(callId);
        return reviews.findByCallId(callId).stream().map(r -> r.view(unsealed)).toList();
    }

    @Transactional
    public ReviewView declareConflicts(UUID reviewId, DeclareConflicts command) {
        return refusals.guard("authorization.review.declare", "review", reviewId, () -> {
            Review review = ownReview(reviewId);
            List<UUID> conflicted = command.conflictedApplicationIds() == null ? List.of()
                    : command.conflictedApplicationIds().stream().distinct().toList();
            Set<UUID> underReview = applicationIdsUnderReview(review.callId());
            Violations violations = Violations.create();
            for (UUID id : conflicted) {
                violations.check(underReview.contains(id), "conflictedApplicationIds",
                        "不是本次评审的申报 (not an application under this review): " + id);
            }
            violations.throwIfAny();
            review.declare(conflicted, command.statement(), clock.instant());
            reviews.save(review);
            audit.record(AuditEvent.success("authorization.review.declare", "review", reviewId)
                    .with("declaredConflicts", conflicted.size()));
            return review.view(true);
        });
    }

    /** Scores one application on every criterion; refused for an application not under review or excluded. */
    @Transactional
    public ReviewView score(UUID reviewId, UUID applicationId, List<ScoreInput> scores) {
        return refusals.guard("authorization.review.score", "review", reviewId, () -> {
            Review review = ownReview(reviewId);
            Application application = applications.findById(applicationId)
                    .filter(a -> a.callId().equals(review.callId()))
                    .orElseThrow(() -> QuanyunException.notFound("application", applicationId));
            if (application.state() != ApplicationState.UNDER_REVIEW) {
                throw Transitions.refuse(ErrorCode.ILLEGAL_STATE_TRANSITION, "Application " + applicationId + " is "
                        + application.state() + " and cannot be scored", "application", applicationId);
            }
            Call call = calls.findById(review.callId()).orElseThrow();
            List<Score> given = scores.stream().map(s -> new Score(applicationId,
                    s.criterionCode() == null ? "" : s.criterionCode(), s.score(),
                    s.comment() == null ? "" : s.comment().trim())).toList();
            review.score(applicationId, given, call.criteria());
            reviews.save(review);
            audit.record(AuditEvent.success("authorization.review.score", "review", reviewId)
                    .with("application", applicationId));
            return review.view(true);
        });
    }

    @Transactional
    public ReviewView submitReview(UUID reviewId) {
        return refusals.guard("authorization.review.submit", "review", reviewId, () -> {
            Review review = ownReview(reviewId);
            Call call = calls.findById(review.callId()).orElseThrow();
            review.submit(applicationIdsUnderReview(call.id()), call.criteria(), clock.instant());
            reviews.save(review);
            audit.record(AuditEvent.success("authorization.review.submit", "review", reviewId)
                    .with("call", call.id()));
            return review.view(true);
        });
    }

    private Review ownReview(UUID reviewId) {
        Actor actor = Actors.current();
        Review review = reviews.findById(reviewId).orElseThrow(() -> QuanyunException.notFound("review", reviewId));
        if (!actor.has(Role.EXPERT) || !review.expertUserId().equals(actor.userId())) {
            throw Refusals.forbidden("Only the assigned expert acts on review " + reviewId, "review", reviewId);
        }
        return review;
    }

    private Set<UUID> applicationIdsUnderReview(UUID callId) {
        return applications.findByCallIdOrderBySubmittedAt(callId).stream()
                .filter(a -> a.state() == ApplicationState.UNDER_REVIEW).map(Application::id)
                .collect(Collectors.toSet());
    }

    private boolean allSubmitted(UUID callId) {
        List<Review> panel = reviews.findByCallId(callId);
        return !panel.isEmpty() && panel.stream().allMatch(r -> r.state() == ReviewState.SUBMITTED);
    }

    /** The ranking of a call's reviewed applications; refused while any panel member has not submitted. */
    @Transactional(readOnly = true)
    public List<RankingEntry> ranking(UUID callId) {
        return refusals.guard("authorization.review.ranking", "call", callId, () -> {
            Call call = managedCall(callId);
            if (!allSubmitted(callId)) {
                throw Transitions.refuse(ErrorCode.REVIEW_SEALED, "The scores of call " + callId
                        + " are sealed until every panel member has submitted", "call", callId);
            }
            return rank(call, applications.findByCallIdOrderBySubmittedAt(callId).stream()
                    .filter(a -> a.state() != ApplicationState.WITHDRAWN && a.state() != ApplicationState.CLOSED
                            && a.state() != ApplicationState.SUBMITTED)
                    .toList());
        });
    }

    private List<RankingEntry> rank(Call call, List<Application> ranked) {
        List<Review> panel = reviews.findByCallId(call.id());
        List<Criterion> criteria = call.criteria();
        Criterion heaviest = criteria.stream().max(Comparator.comparingInt(Criterion::weight)
                .thenComparing(Comparator.comparingInt(criteria::indexOf).reversed())).orElseThrow();
        record Unranked(Application application, @Nullable BigDecimal weighted, Map<String, BigDecimal> averages,
                int scoredBy) {
        }
        List<Unranked> rows = new ArrayList<>();
        for (Application application : ranked) {
            List<BigDecimal> perExpert = new ArrayList<>();
            Map<String, List<Integer>> byCriterion = new LinkedHashMap<>();
            for (Review review : panel) {
                List<Score> scores = review.scores().stream()
                        .filter(s -> s.applicationId().equals(application.id())).toList();
                if (review.isExcludedFrom(application.id()) || scores.isEmpty()) {
                    continue;
                }
                BigDecimal sum = BigDecimal.ZERO;
                for (Score score : scores) {
                    int weight = criteria.stream().filter(c -> c.code().equals(score.criterionCode()))
                            .mapToInt(Criterion::weight).findFirst().orElse(0);
                    sum = sum.add(BigDecimal.valueOf((long) score.score() * weight));
                    byCriterion.computeIfAbsent(score.criterionCode(), k -> new ArrayList<>()).add(score.score());
                }
                perExpert.add(sum.divide(BigDecimal.valueOf(100), 10, RoundingMode.HALF_UP));
            }
            BigDecimal weighted = perExpert.isEmpty() ? null
                    : perExpert.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                            .divide(BigDecimal.valueOf(perExpert.size()), 2, RoundingMode.HALF_UP);
            Map<String, BigDecimal> averages = new LinkedHashMap<>();
            byCriterion.forEach((code, values) -> averages.put(code, BigDecimal.valueOf(
                    values.stream().mapToInt(Integer::intValue).sum()).divide(BigDecimal.valueOf(values.size()), 2,
                            RoundingMode.HALF_UP)));
            rows.add(new Unranked(application, weighted, averages, perExpert.size()));
        }
        Comparator<Unranked> order = Comparator
                .comparing((Unranked r) -> r.weighted() == null ? BigDecimal.valueOf(-1) : r.weighted()).reversed()
                .thenComparing(Comparator.comparing(
                        (Unranked r) -> r.averages().getOrDefault(heaviest.code(), BigDecimal.valueOf(-1))).reversed())
                .thenComparing(r -> r.application().submittedAt())
                .thenComparing(r -> r.application().id());
        rows.sort(order);
        List<RankingEntry> entries = new ArrayList<>();
        int rank = 1;
        for (Unranked row : rows) {
            entries.add(new RankingEntry(rank++, row.application().id(), row.application().organizationName(),
                    row.application().state(), row.weighted(), row.averages(), row.scoredBy(),
                    row.application().submittedAt()));
        }
        return entries;
    }

    // ---------------------------------------------------------------- notice and objections

    /** Proposes the shortlist from the ranking and publishes it for the notice period. */
    @Transactional
    public CallView publishNotice(UUID callId, ProposeShortlist command) {
        return refusals.guard("authorization.notice.publish", "call", callId, () -> {
            Call call = managedCall(callId);
            if (call.state() != CallState.REVIEWING) {
                throw Transitions.illegal("call", callId, call.state(), CallState.NOTICE);
            }
            if (!allSubmitted(callId)) {
                throw Transitions.refuse(ErrorCode.REVIEW_SEALED, "Every panel member must submit before the "
                        + "shortlist is proposed", "call", callId);
            }
            List<UUID> shortlist = command.applicationIds() == null ? List.of()
                    : command.applicationIds().stream().distinct().toList();
            List<Application> underReview = applications.findByCallIdOrderBySubmittedAt(callId).stream()
                    .filter(a -> a.state() == ApplicationState.UNDER_REVIEW).toList();
            Set<UUID> rankable = rank(call, underReview).stream().filter(e -> e.weightedScore() != null)
                    .map(RankingEntry::applicationId).collect(Collectors.toSet());
            Violations violations = Violations.create().check(!shortlist.isEmpty(), "applicationIds",
                    "入围名单不能为空 (the shortlist names at least one application)");
            for (UUID id : shortlist) {
                violations.check(rankable.contains(id), "applicationIds",
                        "不是已评分的申报 (not a scored application under review): " + id);
            }
            violations.throwIfAny();
            Instant now = clock.instant();
            for (Application application : underReview) {
                if (shortlist.contains(application.id())) {
                    application.shortlist(now);
                } else {
                    application.leaveOutOfShortlist(now);
                }
                applications.save(application);
            }
            call.publishNotice(now);
            calls.save(call);
            audit.record(AuditEvent.success("authorization.notice.publish", "call", callId)
                    .with("shortlist", shortlist.size()).with("noticeEndsAt", call.noticeEndsAt()));
            return call.view();
        });
    }

    /** The public notice: shortlist with scores, and every objection with its answer, without contacts. */
    @Transactional(readOnly = true)
    public NoticeView notice(UUID callId) {
        Call call = calls.findById(callId)
                .filter(c -> c.state() == CallState.NOTICE || c.state() == CallState.CONCLUDED && c.noticeEndsAt() != null)
                .orElseThrow(() -> QuanyunException.notFound("notice", callId));
        List<Application> noticed = applications.findByCallIdOrderBySubmittedAt(callId).stream()
                .filter(a -> a.state() == ApplicationState.SHORTLISTED || a.state() == ApplicationState.AWARDED
                        || a.state() == ApplicationState.REMOVED_AFTER_OBJECTION)
                .toList();
        List<ObjectionView> answered = objections.findByCallIdOrderByFiledAt(callId).stream()
                .map(o -> o.view(false)).toList();
        return new NoticeView(call.view(), rank(call, noticed), answered);
    }

    /** Anyone (no sign-in) objects to a shortlisted application during the notice period. */
    @Transactional
    public ObjectionView fileObjection(FileObjection command) {
        return refusals.guard("authorization.objection.file", "call", command.callId(), () -> {
            Call call = calls.findById(command.callId())
                    .filter(c -> c.state().isPublic())
                    .orElseThrow(() -> QuanyunException.notFound("call", command.callId()));
            Instant now = clock.instant();
            if (!call.acceptsObjectionsAt(now)) {
                throw Transitions.refuse(ErrorCode.NOTICE_PERIOD_ENDED,
                        "Call " + call.id() + " is not in its notice period", "call", call.id());
            }
            Application application = command.applicationId() == null ? null
                    : applications.findById(command.applicationId()).filter(a -> a.callId().equals(call.id()))
                            .filter(a -> a.state() == ApplicationState.SHORTLISTED).orElse(null);
            if (application == null) {
                throw QuanyunException.invalid(List.of(new Violation("applicationId",
                        "须指向公示名单中的申报 (name a shortlisted application)")));
            }
            Objection objection = Objection.file(call.id(), application.id(), command.text(), command.contactName(),
                    command.contactDetails(), now);
            objections.save(objection);
            audit.record(AuditEvent.success("authorization.objection.file", "objection", objection.id())
                    .with("call", call.id()).with("application", application.id()));
            return objection.view(false);
        });
    }

    /** A call's objections with contact details, for its authority. */
    @Transactional(readOnly = true)
    public List<ObjectionView> objections(UUID callId) {
        Call call = managedCall(callId);
        return objections.findByCallIdOrderByFiledAt(call.id()).stream().map(o -> o.view(true)).toList();
    }

    /** Answers an objection; an upheld objection takes the application off the shortlist. */
    @Transactional
    public ObjectionView answerObjection(UUID objectionId, AnswerObjection command) {
        return refusals.guard("authorization.objection.answer", "objection", objectionId, () -> {
            Objection objection = objections.findById(objectionId)
                    .orElseThrow(() -> QuanyunException.notFound("objection", objectionId));
            Call call = managedCall(objection.callId());
            if (call.state() != CallState.NOTICE) {
                throw Transitions.refuse(ErrorCode.ILLEGAL_STATE_TRANSITION,
                        "Call " + call.id() + " is " + call.state() + "; objections are answered during notice",
                        "objection", objectionId);
            }
            Instant now = clock.instant();
            objection.answer(command.upheld(), command.answer(), Actors.current().username(), now);
            Application application = applications.findById(objection.applicationId()).orElseThrow();
            if (command.upheld() && application.state() == ApplicationState.SHORTLISTED) {
                application.removeAfterUpheldObjection(now);
                applications.save(application);
            }
            objections.save(objection);
            audit.record(AuditEvent.success("authorization.objection.answer", "objection", objectionId)
                    .with("outcome", objection.state()).with("application", application.id()));
            return objection.view(true);
        });
    }

    /**
     * Concludes a call after its notice period with every objection answered: an agreement is generated from
     * the current template for each application still on the shortlist.
     */
    @Transactional
    public CallView conclude(UUID callId) {
        return refusals.guard("authorization.call.conclude", "call", callId, () -> {
            Call call = managedCall(callId);
            long pending = objections.findByCallIdOrderByFiledAt(callId).stream()
                    .filter(o -> o.state() == ObjectionState.FILED).count();
            if (pending > 0) {
                throw Transitions.refuse(ErrorCode.OBJECTIONS_PENDING,
                        pending + " objection(s) to call " + callId + " wait for an answer", "call", callId);
            }
            Instant now = clock.instant();
            List<Application> remaining = applications.findByCallIdOrderBySubmittedAt(callId).stream()
                    .filter(a -> a.state() == ApplicationState.SHORTLISTED).toList();
            if (call.state() == CallState.REVIEWING && applications.findByCallIdOrderBySubmittedAt(callId).stream()
                    .anyMatch(a -> a.state() == ApplicationState.UNDER_REVIEW)) {
                throw Transitions.refuse(ErrorCode.ILLEGAL_STATE_TRANSITION,
                        "Call " + callId + " still has applications under review", "call", callId);
            }
            AgreementTemplate template = remaining.isEmpty() ? null : agreements.currentTemplateOrRefuse();
            call.conclude(now);
            List<UUID> generated = new ArrayList<>();
            for (Application application : remaining) {
                application.award(now);
                applications.save(application);
                generated.add(agreements.generate(call, application, Objects.requireNonNull(template), now));
            }
            calls.save(call);
            audit.record(AuditEvent.success("authorization.call.conclude", "call", callId)
                    .with("agreements", generated.size()));
            return call.view();
        });
    }

    // ---------------------------------------------------------------- notifications

    /** The steps waiting for the signed-in person. */
    @Transactional(readOnly = true)
    public List<Task> tasks() {
        Actor actor = Actors.current();
        List<Task> tasks = new ArrayList<>();
        Instant now = clock.instant();
        if (actor.has(Role.AUTHORITY_ADMIN)) {
            for (Call call : calls.findAllByOrderByCreatedAtDesc()) {
                if (!actor.belongsTo(call.authorityId())) {
                    continue;
                }
                String href = "/authorization/calls/" + call.id();
                switch (call.state()) {
                    case DRAFT -> tasks.add(new Task(call.view().awaitsProviderConcurrence()
                            ? "分领域授权公告「" + call.title() + "」待" + call.authorizerName() + "会同确认"
                            : "申报公告「" + call.title() + "」待发布", href));
                    case PUBLISHED -> {
                        if (!now.isBefore(call.closesAt())) {
                            tasks.add(new Task("「" + call.title() + "」申报期已结束，待组织专家评审", href));
                        }
                    }
                    case REVIEWING -> {
                        if (allSubmitted(call.id())) {
                            tasks.add(new Task("「" + call.title() + "」评审已全部提交，待确定入围名单并公示", href));
                        }
                    }
                    case NOTICE -> {
                        long pending = objections.findByCallIdOrderByFiledAt(call.id()).stream()
                                .filter(o -> o.state() == ObjectionState.FILED).count();
                        if (pending > 0) {
                            tasks.add(new Task("「" + call.title() + "」有 " + pending + " 件异议待答复", href));
                        } else if (call.noticeEndsAt() != null && !now.isBefore(call.noticeEndsAt())) {
                            tasks.add(new Task("「" + call.title() + "」公示期已满，待确定结果并生成协议", href));
                        }
                    }
                    case CONCLUDED, WITHDRAWN -> {
                    }
                }
            }
        }
        if (actor.has(Role.PROVIDER_CLERK)) {
            for (Call call : calls.findAllByOrderByCreatedAtDesc()) {
                if (actor.belongsTo(call.authorizerId()) && call.view().awaitsProviderConcurrence()) {
                    tasks.add(new Task("大数据局起草的分领域授权公告「" + call.title() + "」待本单位会同确认",
                            "/authorization/calls/" + call.id()));
                }
            }
        }
        if (actor.has(Role.EXPERT) && actor.userId() != null) {
            for (Review review : reviews.findByExpertUserIdOrderByAssignedAtDesc(actor.userId())) {
                if (review.state() != ReviewState.SUBMITTED) {
                    tasks.add(new Task("评审任务待" + (review.state() == ReviewState.DECLARING ? "申报利益冲突" : "评分提交"),
                            "/authorization/reviews/" + review.id()));
                }
            }
        }
        tasks.addAll(agreements.signingTasks(actor));
        return tasks;
    }
}
