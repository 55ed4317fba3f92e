package io.quanyun.sandbox;

import static java.util.Objects.requireNonNull;

import io.quanyun.sandbox.engine.AnalyticEngine;
import io.quanyun.sandbox.engine.EngineQuery;
import io.quanyun.sandbox.engine.EngineResult;
import io.quanyun.sandbox.engine.QueryCancellation;
import io.quanyun.sandbox.engine.RowFilter;
import io.quanyun.sandbox.policy.CheckedStatement;
import io.quanyun.sandbox.policy.ProtectedBlock;
import io.quanyun.sandbox.policy.ProtectedQuery;
import io.quanyun.sandbox.policy.QueryChecker;
import io.quanyun.sandbox.privacy.OutputProtection;
import io.quanyun.sandbox.privacy.ProtectedRows;
import io.quanyun.sandbox.privacy.RandomSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The sandbox facade: parse, check, rewrite, charge, generate, run, protect.
 *
 * <p>In differential privacy mode the grant's budget is charged before the engine runs; a question
 * whose canonical plan (and data files) were answered before gets the recorded answer, or the
 * recorded refusal, without a new charge and without fresh noise.
 *
 * <p>Budgets and recorded answers are kept by a {@link PrivacyLedger}, derived tables by a
 * {@link DerivedTables} store: in memory by default, in the database in the application. Thread-safe.
 */
public final class SandboxQueries {

    private final AnalyticEngine engine;
    private final QueryChecker checker = new QueryChecker();
    private final OutputProtection protection;
    private final double selectionDelta;
    private final PrivacyLedger ledger;
    private final DerivedTables derivedTables;
    private final Map<String, Object> questionLocks = new ConcurrentHashMap<>();
    private final Map<String, Set<QueryCancellation>> running = new ConcurrentHashMap<>();
    private final Map<String, QueryCancellation> runs = new ConcurrentHashMap<>();
    private final Set<String> stopped = ConcurrentHashMap.newKeySet();
    /** Per grant, the workspaces its queries ran in (the engine may keep a database open for each). */
    private final Map<String, Set<String>> grantWorkspaces = new ConcurrentHashMap<>();
    /** Per workspace, the grant (its definition) its last query ran under. */
    private final Map<String, SandboxGrant> workspaceGrants = new ConcurrentHashMap<>();

    /**
     * A facade over an engine, drawing noise from {@code random}, keeping budgets, answers and derived
     * tables in memory.
     *
     * @param engine the analytic engine
     * @param random the secure random source for noise
     */
    public SandboxQueries(AnalyticEngine engine, RandomSource random) {
        this(engine, random, PrivacyLedger.inMemory(), DerivedTables.inMemory());
    }

    /**
     * A facade over an engine with its budgets, answers and derived tables kept elsewhere.
     *
     * @param engine the analytic engine
     * @param random the secure random source for noise
     * @param ledger budgets and recorded answers
     * @param derivedTables derived tables per grant
     */
    public SandboxQueries(AnalyticEngine engine, RandomSource random, PrivacyLedger ledger,
            DerivedTables derivedTables) {
        this(engine, random, ledger, derivedTables, OutputProtection.DEFAULT_SELECTION_DELTA);
    }

    /**
     * A facade whose differentially private group selection uses {@code selectionDelta}.
     *
     * @param selectionDelta per block of a question, the probability that a group one person alone creates
     *     is released
     * @see #SandboxQueries(AnalyticEngine, RandomSource, PrivacyLedger, DerivedTables)
     */
    public SandboxQueries(AnalyticEngine engine, RandomSource random, PrivacyLedger ledger,
            DerivedTables derivedTables, double selectionDelta) {
        this.engine = requireNonNull(engine, "engine is null");
        this.selectionDelta = selectionDelta;
        this.protection = new OutputProtection(requireNonNull(random, "random is null"), selectionDelta);
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.derivedTables = requireNonNull(derivedTables, "derivedTables is null");
    }

    /**
     * Answers a query with a protected result.
     *
     * @throws QueryRefused when a rule refuses the query, the budget is exhausted, or every group is
     *     too small
     * @throws QueryFailed when the engine times out, is cancelled or fails
     */
    public QueryResult run(QueryRequest request) {
        return run(request, UUID.randomUUID().toString(), hash -> { });
    }

    /**
     * Answers a query that {@link #cancel(String)} can stop by {@code runId}; {@code planHash} receives
     * the canonical question's hash as soon as the query passed the check.
     *
     * @see #run(QueryRequest)
     */
    public QueryResult run(QueryRequest request, String runId, Consumer<String> planHash) {
        requireNonNull(request, "request is null");
        requireNonNull(runId, "runId is null");
        SandboxGrant grant = request.grant();
        CheckedStatement checked = checker.check(request.sql(), grant, lineages(grant.grantId()),
                request.oneRowPerUnit());
        if (!(checked instanceof CheckedStatement.Query query)) {
            throw new QueryRefused(RefusalRule.NOT_A_SELECT);
        }
        SandboxPolicy policy = grant.policy();
        String key = questionKey(request, query.query());
        planHash.accept(key);
        if (policy.mode() == PrivacyMode.THRESHOLD) {
            return execute(request, runId, query.query(), BigDecimal.ZERO, remainingEpsilon(grant));
        }
        synchronized (questionLocks.computeIfAbsent(grant.grantId() + "/" + key, k -> new Object())) {
            var recorded = ledger.answer(grant.grantId(), key);
            if (recorded.isPresent()) {
                return recorded.get().replay(remainingEpsilon(grant));
            }
            BigDecimal remaining = ledger.spend(grant.grantId(), policy.totalEpsilon(), policy.epsilonPerQuery());
            try {
                QueryResult result = execute(request, runId, query.query(), policy.epsilonPerQuery(), remaining);
                ledger.record(grant.grantId(), key, new RecordedAnswer(result, null));
                return result;
            } catch (QueryRefused refused) {
                ledger.record(grant.grantId(), key, new RecordedAnswer(null, refused.rule()));
                throw refused;
            }
        }
    }

    /**
     * Checks a query without running it or spending budget.
     *
     * @return the canonical question's hash
     * @throws QueryRefused when a rule refuses the query
     */
    public String check(QueryRequest request) {
        requireNonNull(request, "request is null");
        CheckedStatement checked = checker.check(request.sql(), request.grant(), lineages(request.grant().grantId()),
                request.oneRowPerUnit());
        if (!(checked instanceof CheckedStatement.Query query)) {
            throw new QueryRefused(RefusalRule.NOT_A_SELECT);
        }
        return questionKey(request, query.query());
    }

    /**
     * Checks and records a {@code CREATE TABLE name AS SELECT ...} for the request's grant. The
     * derived table is a view the engine builds from platform-generated SQL; it is never shown as
     * rows, and later queries over it are protected like queries over its sources.
     *
     * @throws QueryRefused when a rule refuses the statement
     */
    public DerivedTablePlan createDerivedTable(QueryRequest request) {
        requireNonNull(request, "request is null");
        SandboxGrant grant = request.grant();
        CheckedStatement checked = checker.check(request.sql(), grant, lineages(grant.grantId()));
        if (!(checked instanceof CheckedStatement.DerivedTable derived)) {
            throw new QueryRefused(RefusalRule.NOT_A_SELECT);
        }
        derivedTables.add(grant.grantId(), derived.plan());
        return derived.plan();
    }

    /** Whether the text is a derived table definition ({@code CREATE TABLE name AS ...}). */
    public static boolean isDerivedTableDefinition(String sql) {
        return QueryChecker.isCreateTableAs(sql);
    }

    /** The epsilon the grant has left (its total if nothing was spent yet). */
    public BigDecimal remainingEpsilon(SandboxGrant grant) {
        return ledger.remaining(grant.grantId(), grant.policy().totalEpsilon());
    }

    /** Cancels every running query of the grant (for example when the grant is suspended). */
    public void cancelRunning(String grantId) {
        for (QueryCancellation cancellation : running.getOrDefault(grantId, Set.of())) {
            cancellation.cancel();
        }
    }

    /**
     * The grant stopped (suspended or ended): cancels its running queries, and any query of it that registers
     * from now on is cancelled before it runs, so a query admitted just before the stop and not yet on the engine
     * cannot slip through. The stop is marked before the running queries are read, and a query registers before it
     * reads the mark: one of the two always sees the other.
     */
    public void stop(String grantId) {
        stopped.add(grantId);
        cancelRunning(grantId);
        releaseWorkspaces(grantId);
    }

    /**
     * Lets the engine close what it keeps for the grant's workspaces (each once its cancelled queries have ended).
     */
    private void releaseWorkspaces(String grantId) {
        for (String workspace : grantWorkspaces.getOrDefault(grantId, Set.of())) {
            workspaceGrants.remove(workspace);
            engine.release(workspace);
        }
    }

    /** The grant was restored: its queries run again. */
    public void resume(String grantId) {
        stopped.remove(grantId);
    }

    /**
     * Cancels the query started with this run id, if it is running.
     *
     * @return whether a running query was found
     */
    public boolean cancel(String runId) {
        QueryCancellation cancellation = runs.get(runId);
        if (cancellation == null) {
            return false;
        }
        cancellation.cancel();
        return true;
    }

    private QueryResult execute(QueryRequest request, String runId, ProtectedQuery query, BigDecimal spent,
            BigDecimal remaining) {
        SandboxGrant grant = request.grant();
        var views = new ArrayList<EngineQuery.View>();
        for (DerivedTablePlan plan : derivedTables.of(grant.grantId())) {
            views.add(new EngineQuery.View(plan.name(), plan.engineSql()));
        }
        grantWorkspaces.computeIfAbsent(grant.grantId(), id -> ConcurrentHashMap.newKeySet()).add(request.workspace());
        SandboxGrant before = workspaceGrants.put(request.workspace(), grant);
        if (before != null && (!before.tables().equals(grant.tables()) || !before.policy().equals(grant.policy()))) {
            // the grant changed (tables, fields, policy): the workspace starts over on a database of its own
            engine.release(request.workspace());
        }
        var cancellation = new QueryCancellation();
        Set<QueryCancellation> grantRunning = running.computeIfAbsent(grant.grantId(),
                id -> ConcurrentHashMap.newKeySet());
        grantRunning.add(cancellation);
        runs.put(runId, cancellation);
        if (stopped.contains(grant.grantId())) {
            cancellation.cancel();
        }
        try {
            var rows = new ArrayList<List<Object>>();
            int suppressedGroups = 0;
            int suppressedCells = 0;
            int candidateGroups = 0;
            for (ProtectedBlock block : query.blocks()) {
                EngineResult result = engine.run(new EngineQuery(block.engineSql(), request.tableFiles(), views,
                        request.timeout(), request.rowFilters()).inWorkspace(request.workspace()), cancellation);
                ProtectedRows protectedRows = protection.protect(block, result.rows(), grant.policy(),
                        query.noiseShares());
                rows.addAll(protectedRows.rows());
                suppressedGroups += protectedRows.suppressedGroups();
                suppressedCells += protectedRows.suppressedCells();
                candidateGroups += protectedRows.candidateGroups();
            }
            if (rows.isEmpty() && candidateGroups > 0) {
                throw new QueryRefused(RefusalRule.GROUP_TOO_SMALL);
            }
            return new QueryResult(query.columns(), query.applyTopOperations(rows),
                    new PrivacySummary(grant.policy().mode(), spent, remaining, suppressedGroups, suppressedCells,
                            false));
        } finally {
            grantRunning.remove(cancellation);
            runs.remove(runId, cancellation);
            if (stopped.contains(grant.grantId())) {
                // stopped while this query was being admitted: what it may have opened is closed too
                engine.release(request.workspace());
            }
        }
    }

    private List<GrantedTable> lineages(String grantId) {
        return derivedTables.of(grantId).stream().map(DerivedTablePlan::lineage).toList();
    }

    /**
     * The canonical question: grant, data versions, policy and the canonical plan, in a form that is
     * the same in every JVM (sorted, no hash-ordered collections), so recorded answers survive restarts.
     */
    private String questionKey(QueryRequest request, ProtectedQuery query) {
        SandboxPolicy policy = request.grant().policy();
        var text = new StringBuilder(request.grant().grantId())
                .append('\n').append(policy.mode()).append(" k=").append(policy.minimumGroupSize())
                .append(" eps=").append(policy.epsilonPerQuery().stripTrailingZeros().toPlainString())
                .append(" total=").append(policy.totalEpsilon().stripTrailingZeros().toPlainString())
                .append(" rows=").append(policy.maximumRowsPerUnit());
        if (policy.mode() == PrivacyMode.DIFFERENTIAL_PRIVACY) {
            text.append(" delta=").append(BigDecimal.valueOf(selectionDelta).stripTrailingZeros().toPlainString());
        }
        new TreeMap<>(policy.measureBounds()).forEach((measure, clamp) ->
                text.append(' ').append(measure).append('=').append(clamp.lower()).append(':').append(clamp.upper()));
        for (Map.Entry<String, String> version : new TreeMap<>(request.tableVersions()).entrySet()) {
            text.append('\n').append(version.getKey()).append('=').append(version.getValue());
        }
        for (Map.Entry<String, RowFilter> filter : new TreeMap<>(request.rowFilters()).entrySet()) {
            text.append('\n').append(filter.getKey()).append(" rows ").append(filter.getValue().fingerprint());
        }
        text.append('\n').append(query.canonicalForm());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
