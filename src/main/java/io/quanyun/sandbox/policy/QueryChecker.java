package io.quanyun.sandbox.policy;

import static io.quanyun.sandbox.RefusalRule.COLUMN_NOT_GRANTED;
import static io.quanyun.sandbox.RefusalRule.FUNCTION_NOT_ALLOWED;
import static io.quanyun.sandbox.RefusalRule.INVALID_QUERY;
import static io.quanyun.sandbox.RefusalRule.NOT_A_SELECT;
import static io.quanyun.sandbox.RefusalRule.NO_PRIVACY_UNIT;
import static io.quanyun.sandbox.RefusalRule.TABLE_NOT_GRANTED;

import io.quanyun.sandbox.ColumnType;
import io.quanyun.sandbox.DerivedTablePlan;
import io.quanyun.sandbox.DisclosureRole;
import io.quanyun.sandbox.GrantedColumn;
import io.quanyun.sandbox.GrantedTable;
import io.quanyun.sandbox.PrivacyMode;
import io.quanyun.sandbox.QueryRefused;
import io.quanyun.sandbox.ResultColumn;
import io.quanyun.sandbox.SandboxGrant;
import io.quanyun.sandbox.policy.CheckedPlan.Block;
import io.quanyun.sandbox.policy.CheckedPlan.ColumnSource;
import io.quanyun.sandbox.policy.CheckedPlan.MeasureCall;
import io.quanyun.sandbox.policy.CheckedPlan.Projection;
import io.quanyun.sandbox.policy.CheckedPlan.SourceKind;
import io.quanyun.sandbox.policy.CheckedPlan.TopOperation;
import io.quanyun.sandbox.policy.StatementText.CreateTableAs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.plan.ConventionTraitDef;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalciteSqlValidator;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;
import org.apache.calcite.tools.RelBuilder;

/**
 * Checks one analyst statement against a grant: parses it with Calcite (exactly one statement,
 * SELECT or {@code CREATE TABLE name AS SELECT}), validates it against a schema holding only the
 * granted tables, walks the plan deny-by-default and rewrites it into engine SQL. Refusals are
 * {@link QueryRefused} with a rule code. Thread-safe; each call uses its own Calcite planner.
 */
public final class QueryChecker {

    static final SqlParser.Config PARSER = SqlParser.config()
            .withQuoting(Quoting.DOUBLE_QUOTE)
            .withUnquotedCasing(Casing.TO_LOWER)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(false)
            .withConformance(SqlConformanceEnum.LENIENT);

    /** Checked statements kept per grant and text: the same question is not parsed and planned again. */
    private static final int CACHED_STATEMENTS = 2_000;

    private final Map<CheckKey, CheckedStatement> checked = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<CheckKey, CheckedStatement> eldest) {
                    return size() > CACHED_STATEMENTS;
                }
            });

    /**
     * What a check depends on. The grant id is part of it, so that a grant never learns (by timing) what another
     * grant asked, even over the same tables and policy.
     */
    private record CheckKey(String sql, String grantId, List<GrantedTable> tables,
            io.quanyun.sandbox.SandboxPolicy policy, List<GrantedTable> derivedTables, Set<String> oneRowPerUnit) {
    }

    /** Creates a checker. */
    public QueryChecker() {
    }

    /**
     * Checks a statement.
     *
     * @param sql the analyst's text
     * @param grant the grant it runs under
     * @param derivedTables derived tables of the workspace, as granted tables with inherited roles
     * @return the checked statement
     * @throws QueryRefused when a rule refuses it
     */
    public CheckedStatement check(String sql, SandboxGrant grant, List<GrantedTable> derivedTables) {
        return check(sql, grant, derivedTables, Set.of());
    }

    /**
     * Checks a statement, knowing which granted tables hold at most one row per privacy unit (so that the
     * rewrite bounds no contributions that are bounded already).
     *
     * @param oneRowPerUnit names of granted tables with at most one row per privacy unit, no null unit
     * @see #check(String, SandboxGrant, List)
     */
    public CheckedStatement check(String sql, SandboxGrant grant, List<GrantedTable> derivedTables,
            Set<String> oneRowPerUnit) {
        var key = new CheckKey(sql, grant.grantId(), grant.tables(), grant.policy(), List.copyOf(derivedTables),
                Set.copyOf(oneRowPerUnit));
        CheckedStatement cached = checked.get(key);
        if (cached != null) {
            return cached;
        }
        CheckedStatement result = checkUncached(sql, grant, derivedTables, oneRowPerUnit);
        checked.put(key, result);
        return result;
    }

    private CheckedStatement checkUncached(String sql, SandboxGrant grant, List<GrantedTable> derivedTables,
            Set<String> oneRowPerUnit) {
        String statement = StatementText.singleStatement(sql);
        Optional<CreateTableAs> createTableAs = StatementText.createTableAs(statement);
        String queryText = createTableAs.map(CreateTableAs::query).orElse(statement);
        int[] queryStart = StatementText.lineAndColumnOf(statement, statement.length() - queryText.length());
        var tables = new HashMap<String, GrantedTable>();
        grant.tables().forEach(t -> tables.put(t.name(), t));
        derivedTables.forEach(t -> tables.put(t.name(), t));
        var columnNames = new java.util.HashSet<String>();
        tables.values().forEach(t -> t.columns().forEach(c -> columnNames.add(c.name())));
        queryText = StatementText.quoteReservedColumns(queryText, columnNames, QueryChecker::isReservedWord);
        Conversion conversion = new Conversion(GrantSchema.of(grant, derivedTables));
        RelRoot root = conversion.convert(queryText, queryStart);
        if (createTableAs.isPresent()) {
            if (tables.containsKey(createTableAs.get().tableName())) {
                throw new QueryRefused(INVALID_QUERY);
            }
            return new CheckedStatement.DerivedTable(
                    derivedTable(createTableAs.get().tableName(), root, tables, grant));
        }
        return new CheckedStatement.Query(releasedQuery(root, tables, grant, oneRowPerUnit));
    }

    /** Whether the text is a {@code CREATE TABLE name AS ...} statement. */
    public static boolean isCreateTableAs(String sql) {
        return StatementText.createTableAs(sql).isPresent();
    }

    private static final org.apache.calcite.sql.parser.SqlAbstractParserImpl.Metadata PARSER_METADATA =
            SqlParser.create("", PARSER).getMetadata();

    private static boolean isReservedWord(String upperCaseWord) {
        return PARSER_METADATA.isReservedWord(upperCaseWord);
    }

    /** Connection settings as Calcite's planner derives them from the parser configuration. */
    private static final CalciteConnectionConfig CONNECTION = CalciteConnectionConfig.DEFAULT
            .set(CalciteConnectionProperty.CASE_SENSITIVE, String.valueOf(PARSER.caseSensitive()))
            .set(CalciteConnectionProperty.CONFORMANCE, String.valueOf(PARSER.conformance()));

    private static final SqlValidator.Config VALIDATOR = SqlValidator.Config.DEFAULT
            .withConformance(SqlConformanceEnum.LENIENT)
            .withIdentifierExpansion(true)
            .withDefaultNullCollation(CONNECTION.defaultNullCollation())
            .withLenientOperatorLookup(CONNECTION.lenientOperatorLookup())
            .withConformance(CONNECTION.conformance())
            .withIdentifierExpansion(true);

    private static final SqlToRelConverter.Config TO_REL = SqlToRelConverter.config().withTrimUnusedFields(false);

    private static final SqlOperatorTable OPERATORS = SqlStdOperatorTable.instance();

    /**
     * Parse, validate and convert, as Calcite's {@code PlannerImpl} does (same parser, validator, operator table,
     * convertlets, conversion, type flattening and decorrelation), without the cost-based planner's default rule
     * set, which a check never runs but {@code PlannerImpl} registers anew for every statement.
     */
    static final class Conversion {

        private final SchemaPlus schema;
        private final JavaTypeFactory typeFactory = new JavaTypeFactoryImpl(RelDataTypeSystem.DEFAULT);

        Conversion(SchemaPlus schema) {
            this.schema = schema;
        }

        private CalciteCatalogReader catalogReader() {
            return new CalciteCatalogReader(CalciteSchema.from(schema), CalciteSchema.from(schema).path(null),
                    typeFactory, CONNECTION);
        }

        RelRoot convert(String queryText, int[] queryStart) {
            SqlNode parsed;
            try {
                parsed = SqlParser.create(queryText, PARSER).parseStmt();
            } catch (SqlParseException e) {
                int line = e.getPos() == null ? 1 : e.getPos().getLineNum();
                int column = e.getPos() == null ? 1 : e.getPos().getColumnNum();
                if (line <= 1) {
                    column += queryStart[1] - 1;
                }
                throw QueryRefused.syntaxErrorAt(line + queryStart[0] - 1, column);
            }
            if (!parsed.isA(SqlKind.QUERY)) {
                throw new QueryRefused(NOT_A_SELECT);
            }
            CalciteCatalogReader catalogReader = catalogReader();
            // Calcite's planner chains the catalog reader behind the standard operators so that a schema's own
            // functions resolve; the grant schema holds none, so the chain only cost a schema walk per call.
            SqlValidator validator = new CalciteSqlValidator(OPERATORS, catalogReader, typeFactory, VALIDATOR);
            SqlNode validated;
            try {
                validated = validator.validate(parsed);
            } catch (RuntimeException e) {
                throw new QueryRefused(validationRule(e));
            }
            try {
                VolcanoPlanner planner = new VolcanoPlanner(null, Contexts.empty());
                planner.addRelTraitDef(ConventionTraitDef.INSTANCE);
                RelOptCluster cluster = RelOptCluster.create(planner, new RexBuilder(typeFactory));
                var converter = new SqlToRelConverter(Conversion::noViews, validator, catalogReader, cluster,
                        StandardConvertletTable.INSTANCE, TO_REL);
                RelRoot root = converter.convertQuery(validated, false, true);
                root = root.withRel(converter.flattenTypes(root.rel, true));
                RelBuilder relBuilder = TO_REL.getRelBuilderFactory().create(cluster, null);
                root = root.withRel(RelDecorrelator.decorrelateQuery(root.rel, relBuilder));
                return root;
            } catch (QueryRefused e) {
                throw e;
            } catch (Exception | AssertionError e) {
                throw new QueryRefused(INVALID_QUERY);
            }
        }

        /** The grant schema holds no views. */
        private static RelRoot noViews(RelDataType rowType, String queryString, List<String> schemaPath,
                List<String> viewPath) {
            throw new QueryRefused(INVALID_QUERY);
        }
    }

    /** Maps a validation failure to a rule without keeping its text. */
    private static io.quanyun.sandbox.RefusalRule validationRule(Throwable exception) {
        Throwable cause = exception;
        while (cause != null) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("No match found for function signature")) {
                return FUNCTION_NOT_ALLOWED;
            }
            if ((message.contains("Object '") || message.contains("Table '")) && message.contains("not found")) {
                return TABLE_NOT_GRANTED;
            }
            if (message.contains("Column '") && message.contains("not found")) {
                return COLUMN_NOT_GRANTED;
            }
            if (message.contains("Unknown identifier") || message.contains("Unknown field")) {
                return COLUMN_NOT_GRANTED;
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return INVALID_QUERY;
    }

    private static ProtectedQuery releasedQuery(RelRoot root, Map<String, GrantedTable> tables, SandboxGrant grant,
            Set<String> oneRowPerUnit) {
        RelDataType userRowType = root.validatedRowType;
        RelNode plan = root.project().accept(new PlanNormalizer());
        var checker = new PlanChecker(tables, grant.policy(), false);
        CheckedPlan checked = checker.checkReleasedQuery(plan);
        var rewriter = new ProtectionRewriter(checker.origins(), grant.policy(), oneRowPerUnit);
        var blocks = new ArrayList<ProtectedBlock>();
        var canonical = new StringBuilder(grant.policy().mode().name());
        for (Block block : checked.blocks()) {
            ProtectedBlock rewritten = rewriter.rewrite(block);
            blocks.add(rewritten);
            canonical.append('\n').append(rewritten.engineSql());
        }
        canonical.append('\n').append(checked.topOperations());
        return new ProtectedQuery(resultColumns(userRowType, checked, grant.policy().mode()), blocks,
                canonical.toString(), checked.topOperations());
    }

    private static List<ResultColumn> resultColumns(RelDataType userRowType, CheckedPlan checked, PrivacyMode mode) {
        // trace each released column back to the first block's output to name its type
        Block first = checked.blocks().get(0);
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < first.outputs().size(); i++) {
            positions.add(i);
        }
        for (TopOperation operation : checked.topOperations()) {
            if (operation instanceof Projection projection) {
                var next = new ArrayList<Integer>();
                for (int field : projection.fields()) {
                    next.add(positions.get(field));
                }
                positions = next;
            }
        }
        var columns = new ArrayList<ResultColumn>();
        List<RelDataTypeField> fields = userRowType.getFieldList();
        for (int i = 0; i < fields.size(); i++) {
            ColumnSource source = first.outputs().get(positions.get(i));
            String type = fields.get(i).getType().getSqlTypeName().getName();
            if (source.kind() == SourceKind.MEASURE) {
                MeasureCall measure = first.measures().get(source.index());
                type = switch (measure.kind()) {
                    case COUNT_ROWS, COUNT_VALUES, COUNT_UNITS -> "BIGINT";
                    case SUM -> measure.integral() || mode == PrivacyMode.DIFFERENTIAL_PRIVACY ? "BIGINT" : "DOUBLE";
                    case AVERAGE -> "DOUBLE";
                };
            }
            columns.add(new ResultColumn(fields.get(i).getName(), type));
        }
        return columns;
    }

    private static DerivedTablePlan derivedTable(String name, RelRoot root, Map<String, GrantedTable> tables,
            SandboxGrant grant) {
        RelNode plan = root.project();
        List<FieldOrigin> origins = new PlanChecker(tables, grant.policy(), true).checkDerivedTable(plan);
        List<RelDataTypeField> fields = root.validatedRowType.getFieldList();
        var columns = new ArrayList<GrantedColumn>();
        String unit = null;
        for (int i = 0; i < fields.size(); i++) {
            String columnName = fields.get(i).getName().toLowerCase(Locale.ROOT);
            FieldOrigin origin = origins.get(i);
            ColumnType type = columnType(fields.get(i).getType());
            DisclosureRole role = origin.role();
            try {
                columns.add(new GrantedColumn(columnName, type, role));
            } catch (IllegalArgumentException e) {
                throw new QueryRefused(INVALID_QUERY);
            }
            if (unit == null && origin.unit()) {
                unit = columnName;
            }
        }
        if (unit == null) {
            throw new QueryRefused(NO_PRIVACY_UNIT);
        }
        GrantedTable lineage;
        try {
            lineage = new GrantedTable(name, columns, unit);
        } catch (IllegalArgumentException e) {
            throw new QueryRefused(INVALID_QUERY);
        }
        return new DerivedTablePlan(name, ProtectionRewriter.toSql(plan), lineage);
    }

    private static ColumnType columnType(RelDataType type) {
        return switch (type.getSqlTypeName()) {
            case CHAR, VARCHAR -> ColumnType.TEXT;
            case TINYINT, SMALLINT, INTEGER, BIGINT -> ColumnType.INTEGER;
            case FLOAT, REAL, DOUBLE, DECIMAL -> ColumnType.DOUBLE;
            case DATE -> ColumnType.DATE;
            case TIMESTAMP -> ColumnType.TIMESTAMP;
            case BOOLEAN -> ColumnType.BOOLEAN;
            default -> throw new QueryRefused(INVALID_QUERY);
        };
    }
}
