package io.quanyun.sandbox;

import io.quanyun.access.GrantDescriptor;
import io.quanyun.access.GrantDirectory;
import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.sandbox.engine.DuckDbEngine;
import io.quanyun.sandbox.engine.DuckDbSettings;
import io.quanyun.sandbox.engine.EngineQuery;
import io.quanyun.sandbox.engine.EngineResult;
import io.quanyun.sandbox.engine.QueryCancellation;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Violation;
import io.quanyun.supervision.SupervisionManagement;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Trains data models inside the sandbox (Art. 13): linear or logistic regression on a derived table of a grant,
 * with differential privacy charged to the grant's budget. The rows never leave this class: the result is the
 * model's parameters, and the per-person scores go to a consumer inside the platform (the products module keys
 * them by a keyed hash for its scoring service).
 *
 * <p>The caller must be a member of the grant's workspace with valid pre-job security training (Art. 16), as for
 * a query. A grant limited to consenting subjects (a consent purpose) is trained on the consenting subjects' rows
 * only, the same row filter a query of the grant sees (ADR 2026-11-29-subject-consent-channel): the model learns
 * from, and scores, only people who consented to the grant's purpose for its operator.
 */
@Service
public class ModelTraining {

    static final int MINIMUM_ROWS = 50;
    static final int MAXIMUM_FEATURES = 20;

    private final Workspaces workspaces;
    private final ObjectProvider<GrantDirectory> grants;
    private final GrantTranslation translation;
    private final DecryptedTableCache tables;
    private final JdbcDerivedTables derivedTables;
    private final JdbcPrivacyLedger ledger;
    private final SupervisionManagement supervision;
    private final AuditTrail audit;
    private final SandboxSettings settings;
    private final ConsentFilters consentFilters;
    private final PrivateRegression regression = PrivateRegression.secure();

    ModelTraining(Workspaces workspaces, ObjectProvider<GrantDirectory> grants, GrantTranslation translation,
            DecryptedTableCache tables, JdbcDerivedTables derivedTables, JdbcPrivacyLedger ledger,
            SupervisionManagement supervision, AuditTrail audit, SandboxSettings settings,
            ConsentFilters consentFilters) {
        this.consentFilters = consentFilters;
        this.workspaces = workspaces;
        this.grants = grants;
        this.translation = translation;
        this.tables = tables;
        this.derivedTables = derivedTables;
        this.ledger = ledger;
        this.supervision = supervision;
        this.audit = audit;
        this.settings = settings;
    }

    /**
     * Trains the model and hands each trained-on person's score to {@code scores} (identifier, score) inside the
     * platform. The epsilon is spent before the rows are read.
     */
    public TrainedModel train(TrainModel command, BiConsumer<String, Double> scores) {
        Actor actor = Actors.current();
        GrantDescriptor grant = grants.getObject().find(command.grantId())
                .orElseThrow(() -> QuanyunException.notFound("grant", command.grantId()));
        Workspace workspace = workspaces.findByGrantId(grant.id())
                .orElseThrow(() -> QuanyunException.notFound("workspace", grant.id()));
        if (!workspace.isMember(actor.userId())) {
            throw refuse(ErrorCode.SANDBOX_NOT_A_MEMBER, grant.id(), "not a member");
        }
        if (actor.userId() == null || !supervision.hasValidTraining(actor.userId())) {
            throw refuse(ErrorCode.SANDBOX_TRAINING_REQUIRED, grant.id(), "no valid pre-job security training");
        }
        if (!grant.isActive() || workspace.state() != WorkspaceState.ACTIVE) {
            throw refuse(ErrorCode.SANDBOX_GRANT_SUSPENDED, grant.id(), "grant not active");
        }
        DerivedTablePlan plan = derivedTables.of(grant.id().toString()).stream()
                .filter(d -> d.name().equals(command.table())).findFirst().orElse(null);
        List<Violation> problems = validate(command, plan, grant);
        if (!problems.isEmpty()) {
            audit.recordIndependently(AuditEvent.refused("sandbox.model.train", "grant", grant.id(),
                    ErrorCode.MODEL_TRAINING_REFUSED.code() + ": " + problems.size() + " problem(s)"));
            throw new QuanyunException(ErrorCode.MODEL_TRAINING_REFUSED, ErrorCode.MODEL_TRAINING_REFUSED.titleEn(),
                    problems, "grant", grant.id().toString()).markAudited();
        }
        GrantTranslation.Translated translated = translation.translate(grant);
        try {
            ledger.spend(grant.id().toString(), translated.grant().policy().totalEpsilon(),
                    BigDecimal.valueOf(command.epsilon()));
        } catch (QueryRefused refused) {
            throw refuse(ErrorCode.SANDBOX_BUDGET_EXHAUSTED, grant.id(), "budget exhausted");
        }
        String unit = plan.lineage().privacyUnitColumn();
        List<String> columns = new ArrayList<>();
        columns.add(unit);
        command.features().forEach(f -> columns.add(f.column()));
        columns.add(command.target());
        String sql = "SELECT " + columns.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(", "))
                + " FROM \"" + plan.name() + "\"";
        EngineResult result = run(translated, grant, sql);

        Set<String> seen = new HashSet<>();
        List<String> entities = new ArrayList<>();
        List<double[]> features = new ArrayList<>();
        List<Double> targets = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            if (row.stream().anyMatch(java.util.Objects::isNull) || !seen.add(String.valueOf(row.get(0)))) {
                continue; // one row per person; incomplete rows are left out
            }
            double[] z = new double[command.features().size()];
            for (int j = 0; j < z.length; j++) {
                z[j] = TrainedModel.scaled(command.features().get(j), number(row.get(j + 1)));
            }
            entities.add(String.valueOf(row.get(0)));
            features.add(z);
            targets.add(number(row.get(row.size() - 1)));
        }
        if (features.size() < Math.max(MINIMUM_ROWS, translated.grant().policy().minimumGroupSize())) {
            throw refuse(ErrorCode.MODEL_TRAINING_REFUSED, grant.id(), "too few persons to train on");
        }
        double[] weights = switch (command.kind()) {
            case LINEAR_REGRESSION -> {
                double[] y = new double[targets.size()];
                double range = command.targetUpper() - command.targetLower();
                for (int i = 0; i < y.length; i++) {
                    y[i] = Math.max(0, Math.min(1, (targets.get(i) - command.targetLower()) / range));
                }
                yield regression.linear(features, y, command.epsilon());
            }
            case LOGISTIC_REGRESSION -> {
                boolean[] labels = new boolean[targets.size()];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = targets.get(i) >= 0.5;
                }
                yield regression.logistic(features, labels, command.epsilon());
            }
        };
        TrainedModel model = describe(command, weights, features.size());
        for (int i = 0; i < entities.size(); i++) {
            double[] z = features.get(i);
            List<Double> raw = new ArrayList<>(z.length);
            for (int j = 0; j < z.length; j++) {
                TrainModel.Feature f = command.features().get(j);
                raw.add(f.lower() + z[j] * (f.upper() - f.lower()));
            }
            scores.accept(entities.get(i), model.score(raw));
        }
        audit.record(AuditEvent.success("sandbox.model.train", "grant", grant.id()).with("kind", command.kind())
                .with("table", plan.name()).with("features", command.features().size())
                .with("epsilonSpent", command.epsilon()));
        return model;
    }

    private static TrainedModel describe(TrainModel command, double[] w, int rows) {
        int p = w.length;
        double scale = command.kind() == ModelKind.LOGISTIC_REGRESSION ? 1 / Math.sqrt(p) : 1;
        double outRange = command.kind() == ModelKind.LINEAR_REGRESSION
                ? command.targetUpper() - command.targetLower() : 1;
        double intercept = w[0] * scale;
        List<Double> coefficients = new ArrayList<>();
        for (int j = 0; j < command.features().size(); j++) {
            TrainModel.Feature f = command.features().get(j);
            double perUnit = w[j + 1] * scale / (f.upper() - f.lower());
            coefficients.add(perUnit * outRange);
            intercept -= perUnit * f.lower();
        }
        intercept = command.kind() == ModelKind.LINEAR_REGRESSION
                ? command.targetLower() + outRange * intercept : intercept;
        return new TrainedModel(command.kind(), command.table(), command.features(), command.target(),
                command.targetLower(), command.targetUpper(), PrivateRegression.boxed(w), coefficients, intercept,
                rows / 100 * 100, command.epsilon());
    }

    private List<Violation> validate(TrainModel command, DerivedTablePlan plan, GrantDescriptor grant) {
        List<Violation> problems = new ArrayList<>();
        if (plan == null) {
            problems.add(new Violation("table", "不是本授权的派生表 (not a derived table of the grant)"));
            return problems;
        }
        if (command.features().isEmpty() || command.features().size() > MAXIMUM_FEATURES) {
            problems.add(new Violation("features", "须有1至20个特征 (1 to 20 features)"));
        }
        Set<String> names = new HashSet<>();
        for (TrainModel.Feature feature : command.features()) {
            if (!numeric(plan, feature.column()) || !names.add(feature.column())) {
                problems.add(new Violation("features", "特征须为派生表的数值字段 (not a numeric column): "
                        + feature.column()));
            }
            if (!(feature.upper() > feature.lower()) || !Double.isFinite(feature.upper() - feature.lower())) {
                problems.add(new Violation("features", "边界无效 (invalid bounds): " + feature.column()));
            }
        }
        if (!numeric(plan, command.target()) && !isBoolean(plan, command.target())) {
            problems.add(new Violation("target", "目标须为派生表的数值字段 (not a numeric column)"));
        }
        if (command.kind() == ModelKind.LINEAR_REGRESSION && !(command.targetUpper() > command.targetLower())) {
            problems.add(new Violation("targetUpper", "目标边界无效 (invalid target bounds)"));
        }
        if (!(command.epsilon() > 0) || command.epsilon() > 10) {
            problems.add(new Violation("epsilon", "隐私预算须在0到10之间 (epsilon must be in (0, 10])"));
        }
        return problems;
    }

    private static boolean numeric(DerivedTablePlan plan, String column) {
        return plan.lineage().column(column).map(c -> c.type().isNumeric()
                && c.role() != DisclosureRole.DIRECT_IDENTIFIER).orElse(false);
    }

    private static boolean isBoolean(DerivedTablePlan plan, String column) {
        return plan.lineage().column(column).map(c -> c.type() == ColumnType.BOOLEAN).orElse(false);
    }

    private static double number(Object value) {
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return ((Number) value).doubleValue();
    }

    private EngineResult run(GrantTranslation.Translated translated, GrantDescriptor grant, String sql) {
        var leases = new ArrayList<DecryptedTableCache.Lease>();
        try {
            Map<String, Path> files = new HashMap<>();
            for (GrantTranslation.TranslatedTable table : translated.tables()) {
                OptionalInt version = tables.currentVersion(table.datasetId());
                if (version.isEmpty()) {
                    throw refuse(ErrorCode.SANDBOX_DATA_NOT_AVAILABLE, grant.id(), "data not available");
                }
                DecryptedTableCache.Lease lease = tables.lease(table.datasetId(), version.getAsInt());
                leases.add(lease);
                files.put(table.table().name(), lease.path());
            }
            // the same consent-filtered copies the grant's queries read (written once per consent state)
            Map<String, io.quanyun.sandbox.engine.RowFilter> filters = new HashMap<>(
                    consentFilters.of(translated, grant));
            for (int i = 0; i < leases.size(); i++) {
                String table = translated.tables().get(i).table().name();
                io.quanyun.sandbox.engine.RowFilter filter = filters.get(table);
                if (filter != null) {
                    files.put(table, leases.get(i).consentFiltered(grant.id().toString(), table, filter));
                    filters.put(table, filter.markedApplied());
                }
            }
            var views = derivedTables.of(grant.id().toString()).stream()
                    .map(d -> new EngineQuery.View(d.name(), d.engineSql())).toList();
            var engine = new DuckDbEngine(new DuckDbSettings(settings.engineMemory(), settings.engineThreads()));
            return engine.run(new EngineQuery(sql, files, views, settings.queryTimeout(), filters),
                    new QueryCancellation());
        } catch (QueryFailed failed) {
            throw refuse(ErrorCode.SANDBOX_ENGINE_ERROR, grant.id(), "engine: " + failed.reason());
        } finally {
            leases.forEach(DecryptedTableCache.Lease::close);
        }
    }

    private QuanyunException refuse(ErrorCode code, UUID grantId, String reason) {
        audit.recordIndependently(AuditEvent.refused("sandbox.model.train", "grant", grantId,
                code.code() + ": " + reason));
        return new QuanyunException(code, code.titleZh() + " / " + code.titleEn(), List.of(), "grant",
                grantId.toString()).markAudited();
    }
}
