package io.quanyun.sandbox;

import static java.util.Objects.requireNonNull;

import io.quanyun.sandbox.engine.AnalyticEngine;
import io.quanyun.sandbox.engine.EngineQuery;
import io.quanyun.sandbox.engine.EngineResult;
import io.quanyun.sandbox.engine.QueryCancellation;
import io.quanyun.sandbox.policy.CheckedStatement;
import io.quanyun.sandbox.policy.ProtectedBlock;
import io.quanyun.sandbox.policy.ProtectedQuery;
import io.quanyun.sandbox.policy.QueryChecker;
import io.quanyun.sandbox.privacy.OutputProtection;
import io.quanyun.sandbox.privacy.PrivacyBudget;
import io.quanyun.sandbox.privacy.ProtectedRows;
import io.quanyun.sandbox.privacy.RandomSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The sandbox facade: parse, check, rewrite, charge, generate, run, protect.
 *
 * <p>In differential privacy mode the grant's budget is charged before the engine runs; a question
 * whose canonical plan (and data files) were answered before gets the recorded answer, or the
 * recorded refusal, without a new charge and without fresh noise.
 *
 * <p>Budgets, recorded answers and derived tables are held in memory per grant id in this version;
 * persistence belongs to the Spring wiring. Thread-safe.
 */
public final class SandboxQueries {

    private final AnalyticEngine engine;
    private final QueryChecker checker = new QueryChecker();
    private final OutputProtection protection;
    private final Map<String, PrivacyBudget> budgets = new ConcurrentHashMap<>();
    private final Map<String, Outcome> recordedAnswers = new ConcurrentHashMap<>();
    private final Map<String, Object> questionLocks = new ConcurrentHashMap<>();
    private final Map<String, List<DerivedTablePlan>> derivedTables = new ConcurrentHashMap<>();
    private final Map<String, Set<QueryCancellation>> running = new ConcurrentHashMap<>();

    /**
     * A facade over an engine, drawing noise from {@code random}.
     *
     * @param engine the analytic engine
     * @param random the secure random source for noise
     */
    public SandboxQueries(AnalyticEngine engine, RandomSource random) {
        this.engine = requireNonNull(engine, "engine is null");
        this.protection = new OutputProtection(requireNonNull(random, "random is null"));
    }

    /**
     * Answers a query with a protected result.
     *
     * @throws QueryRefused when a rule refuses the query, the budget is exhausted, or every group is
     *     too small
     * @throws QueryFailed when the engine times out, is cancelled or fails
     */
    public QueryResult run(QueryRequest request) {
        requireNonNull(request, "request is null");
        SandboxGrant grant = request.grant();
        CheckedStatement checked = checker.check(request.sql(), grant, lineages(grant.grantId()));
        if (!(checked instanceof CheckedStatement.Query query)) {
            throw new QueryRefused(RefusalRule.NOT_A_SELECT);
        }
        PrivacyBudget budget = budget(grant);
        SandboxPolicy policy = grant.policy();
        if (policy.mode() == PrivacyMode.THRESHOLD) {
            return execute(request, query.query(), BigDecimal.ZERO, budget.remaining());
        }
        String key = questionKey(request, query.query());
        synchronized (questionLocks.computeIfAbsent(key, k -> new Object())) {
            Outcome recorded = recordedAnswers.get(key);
            if (recorded != null) {
                return recorded.replay(budget.remaining());
            }
            BigDecimal remaining = budget.spend(policy.epsilonPerQuery());
            try {
                QueryResult result = execute(request, query.query(), policy.epsilonPerQuery(), remaining);
                recordedAnswers.put(key, new Outcome(result, null));
                return result;
            } catch (QueryRefused refused) {
                recordedAnswers.put(key, new Outcome(null, refused.rule()));
                throw refused;
            }
        }
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
        derivedTables.computeIfAbsent(grant.grantId(), id -> new CopyOnWriteArrayList<>()).add(derived.plan());
        return derived.plan();
    }

    /** The epsilon the grant has left (its total if nothing was spent yet). */
    public BigDecimal remainingEpsilon(SandboxGrant grant) {
        return budget(grant).remaining();
    }

    /** Cancels every running query of the grant (for example when the grant is suspended). */
    public void cancelRunning(String grantId) {
        for (QueryCancellation cancellation : running.getOrDefault(grantId, Set.of())) {
            cancellation.cancel();
        }
    }

    private QueryResult execute(QueryRequest request, ProtectedQuery query, BigDecimal spent, BigDecimal remaining) {
        SandboxGrant grant = request.grant();
        var views = new ArrayList<EngineQuery.View>();
        for (DerivedTablePlan plan : derivedTables.getOrDefault(grant.grantId(), List.of())) {
            views.add(new EngineQuery.View(plan.name(), plan.engineSql()));
        }
        var cancellation = new QueryCancellation();
        Set<QueryCancellation> grantRunning = running.computeIfAbsent(grant.grantId(),
                id -> ConcurrentHashMap.newKeySet());
        grantRunning.add(cancellation);
        try {
            var rows = new ArrayList<List<Object>>();
            int suppressedGroups = 0;
            int suppressedCells = 0;
            int candidateGroups = 0;
            for (ProtectedBlock block : query.blocks()) {
                EngineResult result = engine.run(new EngineQuery(block.engineSql(), request.tableFiles(), views,
                        request.timeout()), cancellation);
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
        }
    }

    private PrivacyBudget budget(SandboxGrant grant) {
        return budgets.computeIfAbsent(grant.grantId(), id -> new PrivacyBudget(grant.policy().totalEpsilon()));
    }

    private List<GrantedTable> lineages(String grantId) {
        return derivedTables.getOrDefault(grantId, List.of()).stream().map(DerivedTablePlan::lineage).toList();
    }

    /** The canonical question: grant, data files, policy and the canonical plan. */
    private static String questionKey(QueryRequest request, ProtectedQuery query) {
        var text = new StringBuilder(request.grant().grantId()).append('\n').append(request.grant().policy());
        for (Map.Entry<String, Path> file : new TreeMap<>(request.tableFiles()).entrySet()) {
            text.append('\n').append(file.getKey()).append('=').append(file.getValue());
        }
        text.append('\n').append(query.canonicalForm());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A recorded answer or refusal of a differentially private question. */
    private record Outcome(@Nullable QueryResult result, @Nullable RefusalRule refusal) {

        QueryResult replay(BigDecimal remaining) {
            if (refusal != null) {
                throw new QueryRefused(refusal);
            }
            PrivacySummary original = result.privacy();
            return result.withPrivacy(new PrivacySummary(original.mode(), BigDecimal.ZERO, remaining,
                    original.suppressedGroups(), original.suppressedCells(), true));
        }
    }
}
