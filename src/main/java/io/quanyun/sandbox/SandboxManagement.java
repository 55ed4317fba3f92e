package io.quanyun.sandbox;

import io.quanyun.access.GrantDescriptor;
import io.quanyun.access.GrantDirectory;
import io.quanyun.access.GrantState;
import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.audit.Outcome;
import io.quanyun.audit.Sm3;
import io.quanyun.sandbox.engine.RowFilter;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.supervision.SupervisionManagement;
import io.quanyun.identity.UserView;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Role;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sandbox facade: workspaces (one per grant) and their members, queries with their history,
 * budgets and audit, derived tables, and exports with dual review.
 *
 * <p>The query path holds no database transaction while the engine runs: the budget is spent by one
 * committed conditional UPDATE before the engine starts, the history row is written when the query
 * starts and completed when it ends, and the audit entry is appended on its own.
 */
@Service
public class SandboxManagement {

    private static final Logger log = LoggerFactory.getLogger(SandboxManagement.class);

    private final Workspaces workspaces;
    private final Exports exports;
    private final QueryHistory history;
    private final JdbcDerivedTables derivedTables;
    private final JdbcPrivacyLedger ledger;
    private final SandboxQueries queries;
    private final GrantTranslation translation;
    private final DecryptedTableCache tables;
    private final ObjectProvider<GrantDirectory> grants;
    private final IdentityManagement identity;
    private final AuditTrail audit;
    private final SandboxSettings settings;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final SupervisionManagement supervision;
    private final ConsentFilters consentFilters;
    private final QuerySlots slots;
    private final Set<UUID> stoppedGrants = ConcurrentHashMap.newKeySet();

    SandboxManagement(Workspaces workspaces, Exports exports, QueryHistory history, JdbcDerivedTables derivedTables,
            JdbcPrivacyLedger ledger, SandboxQueries queries, GrantTranslation translation, DecryptedTableCache tables,
            ObjectProvider<GrantDirectory> grants, IdentityManagement identity, AuditTrail audit,
            SandboxSettings settings, Clock clock, TransactionTemplate transactions, SupervisionManagement supervision,
            ConsentFilters consentFilters, QuerySlots slots) {
        this.slots = slots;
        this.supervision = supervision;
        this.consentFilters = consentFilters;
        this.workspaces = workspaces;
        this.exports = exports;
        this.history = history;
        this.derivedTables = derivedTables;
        this.ledger = ledger;
        this.queries = queries;
        this.translation = translation;
        this.tables = tables;
        this.grants = grants;
        this.identity = identity;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
        this.transactions = transactions;
    }

    /**
     * Art. 16: only people with valid pre-job security training work with data. Checked on every query and
     * export, so a lapsed training stops that person (not the grant) at once.
     */
    private void requireTrained(Actor actor, String action, UUID objectId) {
        if (actor.userId() == null || !supervision.hasValidTraining(actor.userId())) {
            throw refuse(ErrorCode.SANDBOX_TRAINING_REQUIRED, action, objectId, "no valid pre-job security training");
        }
    }

    // ---- workspaces

    /**
     * The caller's workspaces: those it is a member of, and for an operator administrator every
     * workspace of its organization. Workspaces of the operator's active grants are opened on the way
     * if the grant's activation event has not been handled yet.
     */
    public List<WorkspaceView> workspaces() {
        Actor actor = requireOperator();
        UUID organization = actor.organizationId();
        directory().ifPresent(directory -> directory.activeFor(organization).forEach(this::ensureWorkspace));
        return workspaces.findByOperatorIdOrderByCreatedAt(organization).stream()
                .filter(w -> w.isMember(actor.userId()) || actor.has(Role.OPERATOR_ADMIN))
                .map(this::view).toList();
    }

    /** One workspace, for its members and its operator's administrators. */
    public WorkspaceView workspace(UUID workspaceId) {
        return view(readable(workspaceId));
    }

    /**
     * Adds a member: an operator engineer or administrator of the workspace's operator, named by the
     * operator's administrator.
     */
    @Transactional
    public WorkspaceView addMember(UUID workspaceId, String username) {
        Actor actor = Actors.current();
        Workspace workspace = workspaces.findById(workspaceId)
                .orElseThrow(() -> QuanyunException.notFound("workspace", workspaceId));
        if (!actor.has(Role.OPERATOR_ADMIN) || !actor.belongsTo(workspace.operatorId())) {
            throw refuse(ErrorCode.FORBIDDEN, "sandbox.member.add", workspaceId, "not the operator's administrator");
        }
        UserView user = identity.users(workspace.operatorId()).stream().filter(u -> u.username().equals(username))
                .findFirst()
                .filter(u -> u.enabled() && (u.roles().contains(Role.OPERATOR_ENGINEER)
                        || u.roles().contains(Role.OPERATOR_ADMIN)))
                .orElseThrow(() -> refuse(ErrorCode.VALIDATION_FAILED, "sandbox.member.add", workspaceId,
                        "not an engineer or administrator of the operator"));
        if (!supervision.hasValidTraining(user.id())) {
            throw refuse(ErrorCode.SANDBOX_TRAINING_REQUIRED, "sandbox.member.add", workspaceId,
                    "no valid pre-job security training");
        }
        workspace.addMember(user.id(), user.username(), actor.username(), clock.instant());
        workspaces.save(workspace);
        audit.record(AuditEvent.success("sandbox.member.add", "workspace", workspaceId).with("member", username));
        return view(workspace);
    }

    /** The workspace's query history, newest first. */
    public List<QueryRecord> history(UUID workspaceId) {
        readable(workspaceId);
        return history.of(workspaceId, 200);
    }

    /** The released result of an accepted query of the history. */
    public QueryAnswer answer(UUID queryId) {
        QueryRecord record = history.find(queryId).orElseThrow(() -> QuanyunException.notFound("query", queryId));
        readable(record.workspaceId());
        String json = history.resultJson(queryId).orElseThrow(() -> QuanyunException.notFound("result", queryId));
        return QueryAnswer.of(queryId, JdbcPrivacyLedger.JSON.readValue(json, QueryResult.class));
    }

    /** The workspace's derived tables with their lineage. */
    public List<DerivedTableView> derivedTables(UUID workspaceId) {
        return derivedTables.views(readable(workspaceId).grantId().toString());
    }

    // ---- queries

    /**
     * Runs a query (or creates a derived table) in a workspace: admits the caller (member, grant
     * active, a free slot), checks, charges, runs and protects through the core, records history and
     * audit. A refusal is a {@link QuanyunException} whose code is the rule's documented code.
     */
    public QueryAnswer query(UUID workspaceId, String sql) {
        return query(workspaceId, sql, UUID.randomUUID());
    }

    /** As {@link #query(UUID, String)} with the id the query gets (so a client can cancel it early). */
    public QueryAnswer query(UUID workspaceId, String sql, UUID queryId) {
        Actor actor = requireOperator();
        Workspace workspace = workspaces.findById(workspaceId)
                .orElseThrow(() -> QuanyunException.notFound("workspace", workspaceId));
        if (!workspace.isMember(actor.userId())) {
            throw refuse(ErrorCode.SANDBOX_NOT_A_MEMBER, "sandbox.query", workspaceId, "not a member");
        }
        requireTrained(actor, "sandbox.query", workspaceId);
        GrantDescriptor grant = activeGrant(workspace);
        if (slots.take(workspaceId, queryId).isEmpty()) {
            throw refuse(ErrorCode.SANDBOX_TOO_MANY_QUERIES, "sandbox.query", workspaceId, "too_many_queries");
        }
        boolean derived = SandboxQueries.isDerivedTableDefinition(sql);
        var planHash = new AtomicReference<@Nullable String>();
        var leases = new ArrayList<DecryptedTableCache.Lease>();
        try {
            history.started(queryId, workspaceId, workspace.grantId(), actor.userId(), actor.username(),
                    clock.instant(), sql, Sm3.hex(sql), derived ? "DERIVED_TABLE" : "QUERY");
            GrantTranslation.Translated translated = translation.translate(grant);
            var files = new HashMap<String, Path>();
            var versions = new HashMap<String, String>();
            var unique = new HashSet<String>();
            for (GrantTranslation.TranslatedTable table : translated.tables()) {
                OptionalInt version = tables.currentVersion(table.datasetId());
                if (version.isEmpty()) {
                    throw new QuanyunException(ErrorCode.SANDBOX_DATA_NOT_AVAILABLE,
                            ErrorCode.SANDBOX_DATA_NOT_AVAILABLE.titleEn());
                }
                DecryptedTableCache.Lease lease = tables.lease(table.datasetId(), version.getAsInt());
                leases.add(lease);
                files.put(table.table().name(), lease.path());
                versions.put(table.table().name(), lease.label());
                if (lease.oneRowPer(table.table().privacyUnitColumn())) {
                    unique.add(table.table().name());
                }
            }
            Map<String, RowFilter> filters = new HashMap<>(consentFilters.of(translated, grant));
            for (int i = 0; i < leases.size(); i++) {
                String table = translated.tables().get(i).table().name();
                RowFilter filter = filters.get(table);
                if (filter != null) { // read the grant's consent-filtered copy, written once per consent state
                    files.put(table, leases.get(i).consentFiltered(grant.id().toString(), table, filter));
                    filters.put(table, filter.markedApplied());
                }
            }
            var request = new QueryRequest(translated.grant(), files, sql, settings.queryTimeout(), versions,
                    filters, unique, workspaceId.toString());
            if (derived) {
                DerivedTablePlan plan = queries.createDerivedTable(request);
                finish(queryId, actor, workspace, "ACCEPTED", null, null, null, null, null);
                return new QueryAnswer(queryId, List.of(), List.of(), null, plan.name());
            }
            QueryResult result = queries.run(request, queryId.toString(), planHash::set);
            if (result.rows().size() > settings.maxResultRows()) {
                throw new QuanyunException(ErrorCode.SANDBOX_RESULT_TOO_LARGE,
                        ErrorCode.SANDBOX_RESULT_TOO_LARGE.titleEn());
            }
            String json = JdbcPrivacyLedger.JSON.writeValueAsString(result);
            String outputSm3 = Sm3.hex(JdbcPrivacyLedger.JSON.writeValueAsString(
                    Map.of("columns", result.columns(), "rows", result.rows())));
            finish(queryId, actor, workspace, "ACCEPTED", null, planHash.get(), result.privacy().epsilonSpent(),
                    outputSm3, json);
            return QueryAnswer.of(queryId, result);
        } catch (QueryRefused refused) {
            ErrorCode code = codeOf(refused.rule());
            finish(queryId, actor, workspace, "REFUSED", code, planHash.get(), null, null, null);
            throw new QuanyunException(code, refused.getMessage(), List.of(), "query", queryId.toString())
                    .markAudited();
        } catch (QueryFailed failed) {
            ErrorCode code = switch (failed.reason()) {
                case TIMEOUT -> ErrorCode.SANDBOX_TIMEOUT;
                case CANCELLED -> stopped(workspace) ? ErrorCode.SANDBOX_GRANT_SUSPENDED
                        : ErrorCode.SANDBOX_QUERY_CANCELLED;
                case ENGINE_ERROR -> ErrorCode.SANDBOX_ENGINE_ERROR;
            };
            finish(queryId, actor, workspace, "FAILED", code, planHash.get(), null, null, null);
            throw new QuanyunException(code, code.titleZh() + " / " + code.titleEn(), List.of(), "query",
                    queryId.toString()).markAudited();
        } catch (QuanyunException e) {
            if (!e.audited()) {
                finish(queryId, actor, workspace, "REFUSED", e.code(), planHash.get(), null, null, null);
                e.markAudited();
            }
            throw e;
        } catch (RuntimeException e) {
            log.error("Sandbox query {} failed", queryId, e);
            finish(queryId, actor, workspace, "FAILED", ErrorCode.SANDBOX_ENGINE_ERROR, planHash.get(), null, null, null);
            throw new QuanyunException(ErrorCode.SANDBOX_ENGINE_ERROR, ErrorCode.SANDBOX_ENGINE_ERROR.titleEn(),
                    List.of(), "query", queryId.toString()).markAudited();
        } finally {
            leases.forEach(DecryptedTableCache.Lease::close);
            slots.release(workspaceId, queryId);
        }
    }

    /** Cancels a running query of the caller's workspace; a finished query is left as it is. */
    public boolean cancel(UUID queryId) {
        Actor actor = requireOperator();
        QueryRecord record = history.find(queryId).orElseThrow(() -> QuanyunException.notFound("query", queryId));
        Workspace workspace = workspaces.findById(record.workspaceId()).orElseThrow();
        if (!workspace.isMember(actor.userId())) {
            throw refuse(ErrorCode.SANDBOX_NOT_A_MEMBER, "sandbox.query.cancel", queryId, "not a member");
        }
        boolean cancelled = queries.cancel(queryId.toString());
        audit.recordIndependently(AuditEvent.success("sandbox.query.cancel", "query", queryId)
                .with("running", cancelled));
        return cancelled;
    }

    /** The epsilon the grant has spent so far (zero if none), for reports and tests. */
    public BigDecimal epsilonSpent(UUID grantId) {
        return ledger.spent(grantId.toString());
    }

    /** Checks a query again without running it, as the export gate does; returns the plan hash. */
    String recheck(Workspace workspace, String sql) {
        GrantDescriptor grant = activeGrant(workspace);
        GrantTranslation.Translated translated = translation.translate(grant);
        var files = new HashMap<String, Path>();
        translated.tables().forEach(t -> files.put(t.table().name(), Path.of(t.datasetId())));
        try {
            return queries.check(QueryRequest.of(translated.grant(), files, sql));
        } catch (QueryRefused refused) {
            throw new QuanyunException(codeOf(refused.rule()), refused.getMessage());
        }
    }

    // ---- grant events

    /** A grant became active: its workspace is opened or reactivated. */
    void grantActivated(UUID grantId) {
        directory().flatMap(d -> d.find(grantId)).filter(GrantDescriptor::isActive)
                .ifPresent(grant -> stoppedGrants.remove(grantId));
        directory().flatMap(d -> d.find(grantId)).ifPresent(this::ensureWorkspace);
    }

    /** A grant was suspended or ended: running queries stop now, new ones are refused. */
    void grantStopped(UUID grantId, boolean ended, String reason) {
        stoppedGrants.add(grantId);
        queries.stop(grantId.toString());
        transactions.executeWithoutResult(status -> workspaces.findByGrantId(grantId).ifPresent(workspace -> {
            if (workspace.transitionTo(ended ? WorkspaceState.CLOSED : WorkspaceState.SUSPENDED)) {
                workspaces.save(workspace);
                audit.record(new AuditEvent(Actor.system(), ended ? "sandbox.workspace.close" : "sandbox.workspace.suspend",
                        "workspace", workspace.id().toString(), Outcome.SUCCESS, null, Map.of("grant", grantId.toString(),
                        "reason", reason)));
            }
        }));
        releaseUnusedTables();
    }

    /** A suspended grant was restored. */
    void grantRestored(UUID grantId) {
        stoppedGrants.remove(grantId);
        queries.resume(grantId.toString());
        transactions.executeWithoutResult(status -> workspaces.findByGrantId(grantId).ifPresent(workspace -> {
            if (workspace.state() == WorkspaceState.SUSPENDED && workspace.transitionTo(WorkspaceState.ACTIVE)) {
                workspaces.save(workspace);
                audit.record(new AuditEvent(Actor.system(), "sandbox.workspace.restore", "workspace",
                        workspace.id().toString(), Outcome.SUCCESS, null, Map.of("grant", grantId.toString())));
            }
        }));
    }

    private void ensureWorkspace(GrantDescriptor grant) {
        try {
            openOrResume(grant);
        } catch (org.springframework.dao.DataIntegrityViolationException openedConcurrently) {
            // the grant's activation event and a listing raced; the other one opened the workspace
            openOrResume(grant);
        }
    }

    private void openOrResume(GrantDescriptor grant) {
        transactions.executeWithoutResult(status -> {
            Optional<Workspace> existing = workspaces.findByGrantId(grant.id());
            if (existing.isEmpty()) {
                Workspace workspace = Workspace.open(grant.id(), grant.operatorId(), grant.scenario(),
                        stateFor(grant.state()), clock.instant());
                workspaces.save(workspace);
                audit.record(new AuditEvent(Actor.system(), "sandbox.workspace.open", "workspace",
                        workspace.id().toString(), Outcome.SUCCESS, null, Map.of("grant", grant.id().toString())));
            } else if (existing.get().state() == WorkspaceState.SUSPENDED && grant.isActive()) {
                existing.get().transitionTo(WorkspaceState.ACTIVE);
                workspaces.save(existing.get());
            }
        });
    }

    private static WorkspaceState stateFor(GrantState state) {
        return switch (state) {
            case ACTIVE -> WorkspaceState.ACTIVE;
            case SUSPENDED -> WorkspaceState.SUSPENDED;
            case ENDED -> WorkspaceState.CLOSED;
        };
    }

    private void releaseUnusedTables() {
        Set<String> inUse = new HashSet<>();
        directory().ifPresent(directory -> workspaces.findAll().stream()
                .filter(w -> w.state() == WorkspaceState.ACTIVE)
                .forEach(w -> directory.find(w.grantId()).ifPresent(g -> g.datasets()
                        .forEach(d -> inUse.add(d.datasetId().toString())))));
        tables.retainOnly(inUse);
        tables.retainFilteredOf(workspaces.findAll().stream().filter(w -> w.state() == WorkspaceState.ACTIVE)
                .map(w -> w.grantId().toString()).collect(java.util.stream.Collectors.toSet()));
    }

    // ---- exports (Art. 13)

    /**
     * A member asks to export an accepted query's released result: it is checked again against the
     * grant as it is now, then waits for two reviewers at the authority.
     */
    @Transactional
    public ExportView requestExport(UUID queryId, String purpose) {
        Actor actor = requireOperator();
        QueryRecord record = history.find(queryId).orElseThrow(() -> QuanyunException.notFound("query", queryId));
        Workspace workspace = workspaces.findById(record.workspaceId()).orElseThrow();
        if (!workspace.isMember(actor.userId())) {
            throw refuse(ErrorCode.SANDBOX_NOT_A_MEMBER, "sandbox.export.request", queryId, "not a member");
        }
        requireTrained(actor, "sandbox.export.request", queryId);
        if (!"ACCEPTED".equals(record.verdict()) || !"QUERY".equals(record.kind())) {
            throw refuse(ErrorCode.SANDBOX_RAW_ROWS, "sandbox.export.request", queryId,
                    "only released query results can be exported");
        }
        if (purpose == null || purpose.isBlank()) {
            throw QuanyunException.invalid(List.of(new io.quanyun.shared.Violation("purpose", "必填 (required)")));
        }
        String planHash = recheck(workspace, record.sql());
        Export export = exports.save(Export.request(workspace.id(), queryId, actor.userId(), actor.username(),
                purpose.strip(), clock.instant()));
        audit.record(AuditEvent.success("sandbox.export.request", "export", export.id()).with("query", queryId)
                .with("planHash", planHash).with("outputSm3", record.outputSm3()));
        return view(export);
    }

    /** Exports waiting for review (authority administrators), or the caller's workspaces' exports (operators). */
    public List<ExportView> exports() {
        Actor actor = Actors.current();
        if (actor.has(Role.AUTHORITY_ADMIN) && actor.isOf(OrganizationType.AUTHORITY)) {
            return exports.findAll().stream().sorted(Comparator.comparing(Export::requestedAt).reversed())
                    .map(this::view).toList();
        }
        List<UUID> mine = workspaces().stream().map(WorkspaceView::id).toList();
        return mine.stream().flatMap(id -> exports.findByWorkspaceIdOrderByRequestedAt(id).stream()).map(this::view)
                .toList();
    }

    /**
     * A reviewer at the authority approves or rejects an export with reasons. The second approval
     * makes the CSV and XLSX files, with the export id embedded, and records their SM3 hashes.
     */
    @Transactional
    public ExportView reviewExport(UUID exportId, boolean approve, String reason) {
        Actor actor = Actors.current();
        if (!actor.has(Role.AUTHORITY_ADMIN) || !actor.isOf(OrganizationType.AUTHORITY)) {
            throw refuse(ErrorCode.FORBIDDEN, "sandbox.export.review", exportId, "not an authority administrator");
        }
        if (reason == null || reason.isBlank()) {
            throw QuanyunException.invalid(List.of(new io.quanyun.shared.Violation("reason", "必填 (required)")));
        }
        Export export = exports.findById(exportId).orElseThrow(() -> QuanyunException.notFound("export", exportId));
        boolean approved;
        try {
            approved = export.review(actor.userId(), actor.username(), approve, reason.strip(), clock.instant());
        } catch (QuanyunException e) {
            throw refuse(e.code(), "sandbox.export.review", exportId, e.getMessage());
        }
        if (approved) {
            QueryResult result = JdbcPrivacyLedger.JSON.readValue(history.resultJson(export.queryId()).orElseThrow(),
                    QueryResult.class);
            ExportFiles.Made csv = ExportFiles.csv(export.id(), export.queryId(), result);
            ExportFiles.Made xlsx = ExportFiles.xlsx(export.id(), export.queryId(), result);
            export.attachFiles(new String(csv.content(), StandardCharsets.UTF_8), csv.sm3(),
                    Base64.getEncoder().encodeToString(xlsx.content()), xlsx.sm3());
        }
        exports.save(export);
        audit.record(AuditEvent.success(approve ? "sandbox.export.approve" : "sandbox.export.reject", "export", exportId)
                .with("reason", reason.strip()).with("state", export.state())
                .with("csvSm3", export.csvSm3()).with("xlsxSm3", export.xlsxSm3()));
        return view(export);
    }

    /**
     * The released result an export would carry, as it was checked when the query ran: for the authority's
     * reviewers and for the members of the export's workspace.
     */
    public QueryAnswer exportResult(UUID exportId) {
        Actor actor = Actors.current();
        Export export = exports.findById(exportId).orElseThrow(() -> QuanyunException.notFound("export", exportId));
        boolean reviewer = actor.has(Role.AUTHORITY_ADMIN) && actor.isOf(OrganizationType.AUTHORITY);
        if (!reviewer) {
            Workspace workspace = workspaces.findById(export.workspaceId()).orElseThrow();
            if (!workspace.isMember(actor.userId())) {
                throw refuse(ErrorCode.SANDBOX_NOT_A_MEMBER, "sandbox.export.read", exportId, "not a member");
            }
        }
        String json = history.resultJson(export.queryId())
                .orElseThrow(() -> QuanyunException.notFound("result", export.queryId()));
        return QueryAnswer.of(export.queryId(), JdbcPrivacyLedger.JSON.readValue(json, QueryResult.class));
    }

    /** An approved export's file ({@code csv} or {@code xlsx}) for the requester's workspace members; audited. */
    @Transactional
    public ExportFile download(UUID exportId, String format) {
        Actor actor = Actors.current();
        Export export = exports.findById(exportId).orElseThrow(() -> QuanyunException.notFound("export", exportId));
        Workspace workspace = workspaces.findById(export.workspaceId()).orElseThrow();
        if (!workspace.isMember(actor.userId())) {
            throw refuse(ErrorCode.SANDBOX_NOT_A_MEMBER, "sandbox.export.download", exportId, "not a member");
        }
        if (export.state() != ExportState.APPROVED || export.csvText() == null || export.xlsxBase64() == null) {
            throw refuse(ErrorCode.SANDBOX_EXPORT_NOT_APPROVED, "sandbox.export.download", exportId, "not approved");
        }
        boolean xlsx = "xlsx".equalsIgnoreCase(format);
        ExportFile file = xlsx
                ? new ExportFile("export-" + exportId + ".xlsx",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        Base64.getDecoder().decode(export.xlsxBase64()), export.xlsxSm3())
                : new ExportFile("export-" + exportId + ".csv", "text/csv;charset=UTF-8",
                        export.csvText().getBytes(StandardCharsets.UTF_8), export.csvSm3());
        audit.record(AuditEvent.success("sandbox.export.download", "export", exportId)
                .with("format", xlsx ? "xlsx" : "csv").with("sm3", file.sm3()));
        return file;
    }

    // ---- helpers

    private void finish(UUID queryId, Actor actor, Workspace workspace, String verdict, @Nullable ErrorCode code,
            @Nullable String planHash, @Nullable BigDecimal epsilon, @Nullable String outputSm3,
            @Nullable String resultJson) {
        history.finished(queryId, clock.instant(), verdict, code == null ? null : code.code(), planHash, epsilon,
                outputSm3, resultJson);
        Outcome outcome = switch (verdict) {
            case "ACCEPTED" -> Outcome.SUCCESS;
            case "REFUSED" -> Outcome.REFUSED;
            default -> Outcome.FAILED;
        };
        var details = new HashMap<String, String>();
        details.put("workspace", workspace.id().toString());
        details.put("grant", workspace.grantId().toString());
        details.put("rule", code == null ? "" : code.code());
        details.put("planHash", planHash == null ? "" : planHash);
        details.put("epsilonSpent", epsilon == null ? "0" : epsilon.toPlainString());
        details.put("outputSm3", outputSm3 == null ? "" : outputSm3);
        audit.recordIndependently(new AuditEvent(actor, "sandbox.query", "query", queryId.toString(), outcome,
                code == null ? null : code.code(), details));
    }

    static ErrorCode codeOf(RefusalRule rule) {
        return ErrorCode.valueOf("SANDBOX_" + rule.name());
    }

    private GrantDescriptor activeGrant(Workspace workspace) {
        GrantDescriptor grant = directory().flatMap(d -> d.find(workspace.grantId())).orElse(null);
        if (grant != null && grant.state() == GrantState.SUSPENDED || stoppedGrants.contains(workspace.grantId())
                && (grant == null || grant.state() != GrantState.ENDED)) {
            throw refuse(ErrorCode.SANDBOX_GRANT_SUSPENDED, "sandbox.query", workspace.id(), "grant_suspended");
        }
        if (grant == null || grant.state() == GrantState.ENDED || workspace.state() == WorkspaceState.CLOSED) {
            throw refuse(ErrorCode.SANDBOX_GRANT_ENDED, "sandbox.query", workspace.id(), "grant_ended");
        }
        if (grant.state() != GrantState.ACTIVE || workspace.state() != WorkspaceState.ACTIVE
                || !grant.expiresAt().isAfter(clock.instant())) {
            throw refuse(ErrorCode.SANDBOX_GRANT_SUSPENDED, "sandbox.query", workspace.id(), "grant_suspended");
        }
        return grant;
    }

    /** Whether the workspace's grant was stopped (suspended or ended) since the query was admitted. */
    private boolean stopped(Workspace workspace) {
        return stoppedGrants.contains(workspace.grantId())
                || directory().flatMap(d -> d.find(workspace.grantId())).map(g -> !g.isActive()).orElse(true)
                || workspaces.findById(workspace.id()).map(w -> w.state() != WorkspaceState.ACTIVE).orElse(true);
    }

    private Workspace readable(UUID workspaceId) {
        Actor actor = requireOperator();
        Workspace workspace = workspaces.findById(workspaceId)
                .orElseThrow(() -> QuanyunException.notFound("workspace", workspaceId));
        if (!workspace.isMember(actor.userId())
                && !(actor.has(Role.OPERATOR_ADMIN) && actor.belongsTo(workspace.operatorId()))) {
            throw refuse(ErrorCode.SANDBOX_NOT_A_MEMBER, "sandbox.workspace.read", workspaceId, "not a member");
        }
        return workspace;
    }

    private Actor requireOperator() {
        Actor actor = Actors.current();
        if (!actor.isAuthenticated() || !actor.isOf(OrganizationType.OPERATOR)) {
            throw refuse(ErrorCode.FORBIDDEN, "sandbox.access", null, "not an operator");
        }
        actor.require(Role.OPERATOR_ENGINEER, Role.OPERATOR_ADMIN);
        return actor;
    }

    private Optional<GrantDirectory> directory() {
        return Optional.ofNullable(grants.getIfAvailable());
    }

    private QuanyunException refuse(ErrorCode code, String action, @Nullable Object objectId, String reason) {
        audit.recordIndependently(AuditEvent.refused(action, "sandbox", objectId, code.code() + ": " + reason));
        return new QuanyunException(code, code.titleZh() + " / " + code.titleEn(), List.of(), "sandbox",
                objectId == null ? null : String.valueOf(objectId)).markAudited();
    }

    private WorkspaceView view(Workspace workspace) {
        var members = workspace.members().stream().map(WorkspaceMember::username).sorted().toList();
        GrantDescriptor grant = directory().flatMap(d -> d.find(workspace.grantId())).orElse(null);
        if (grant == null) {
            return new WorkspaceView(workspace.id(), workspace.grantId(), workspace.scenario(), workspace.state(),
                    PrivacyMode.THRESHOLD, SandboxPolicy.DEFAULT_MINIMUM_GROUP_SIZE, BigDecimal.ZERO, BigDecimal.ZERO,
                    List.of(), members, workspace.createdAt());
        }
        SandboxGrant translated = translation.translate(grant).grant();
        SandboxPolicy policy = translated.policy();
        return new WorkspaceView(workspace.id(), workspace.grantId(), workspace.scenario(), workspace.state(),
                policy.mode(), policy.minimumGroupSize(), policy.epsilonPerQuery(),
                queries.remainingEpsilon(translated), translated.tables(), members, workspace.createdAt());
    }

    private ExportView view(Export export) {
        return new ExportView(export.id(), export.workspaceId(), export.queryId(), export.requester(),
                export.purpose(), export.state(), export.requestedAt(), export.decidedAt(),
                export.reviews().stream().sorted(Comparator.comparing(ExportReview::reviewedAt))
                        .map(r -> new ExportView.Review(r.reviewer(), r.decision(), r.reason(), r.reviewedAt()))
                        .toList(),
                export.csvSm3(), export.xlsxSm3());
    }

    /** Instant now, for the web layer's "as of". */
    Instant now() {
        return clock.instant();
    }
}
