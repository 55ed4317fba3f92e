package io.quanyun.sandbox.policy;

import static io.quanyun.sandbox.RefusalRule.AGGREGATE_NOT_ALLOWED;
import static io.quanyun.sandbox.RefusalRule.DISTINCT_NOT_ON_PRIVACY_UNIT;
import static io.quanyun.sandbox.RefusalRule.EXPRESSION_OVER_AGGREGATE;
import static io.quanyun.sandbox.RefusalRule.FUNCTION_NOT_ALLOWED;
import static io.quanyun.sandbox.RefusalRule.GROUPING_SETS;
import static io.quanyun.sandbox.RefusalRule.HAVING_NOT_ALLOWED;
import static io.quanyun.sandbox.RefusalRule.IDENTIFIER_AS_GROUP_KEY;
import static io.quanyun.sandbox.RefusalRule.IDENTIFIER_IN_EXPRESSION;
import static io.quanyun.sandbox.RefusalRule.IDENTIFIER_IN_OUTPUT;
import static io.quanyun.sandbox.RefusalRule.IDENTIFIER_IN_PREDICATE;
import static io.quanyun.sandbox.RefusalRule.JOIN_NOT_ON_PRIVACY_UNIT;
import static io.quanyun.sandbox.RefusalRule.LIMIT_BELOW_AGGREGATE;
import static io.quanyun.sandbox.RefusalRule.MEASURE_NOT_BARE;
import static io.quanyun.sandbox.RefusalRule.MEASURE_WITHOUT_BOUNDS;
import static io.quanyun.sandbox.RefusalRule.NESTED_AGGREGATE;
import static io.quanyun.sandbox.RefusalRule.OPERATOR_NOT_ALLOWED;
import static io.quanyun.sandbox.RefusalRule.RAW_ROWS;
import static io.quanyun.sandbox.RefusalRule.SENSITIVE_AS_GROUP_KEY;
import static io.quanyun.sandbox.RefusalRule.SET_OPERATION_NOT_ALLOWED;
import static io.quanyun.sandbox.RefusalRule.TABLE_NOT_GRANTED;

import io.quanyun.sandbox.Clamp;
import io.quanyun.sandbox.ColumnType;
import io.quanyun.sandbox.DisclosureRole;
import io.quanyun.sandbox.GrantedColumn;
import io.quanyun.sandbox.GrantedTable;
import io.quanyun.sandbox.PrivacyMode;
import io.quanyun.sandbox.QueryRefused;
import io.quanyun.sandbox.SandboxPolicy;
import io.quanyun.sandbox.policy.CheckedPlan.Block;
import io.quanyun.sandbox.policy.CheckedPlan.ColumnSource;
import io.quanyun.sandbox.policy.CheckedPlan.MeasureCall;
import io.quanyun.sandbox.policy.CheckedPlan.Ordering;
import io.quanyun.sandbox.policy.CheckedPlan.Projection;
import io.quanyun.sandbox.policy.CheckedPlan.SourceKind;
import io.quanyun.sandbox.policy.CheckedPlan.TopOperation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.sql.SqlKind;
import org.jspecify.annotations.Nullable;

/**
 * Walks a validated plan deny-by-default. Only the node and expression kinds handled here pass;
 * everything else is refused with a rule code. One checker per query.
 */
final class PlanChecker {

    private final Map<String, GrantedTable> tables;
    private final SandboxPolicy policy;
    private final boolean derivedTable;
    private final Map<RelNode, List<FieldOrigin>> origins = new IdentityHashMap<>();

    PlanChecker(Map<String, GrantedTable> tables, SandboxPolicy policy, boolean derivedTable) {
        this.tables = tables;
        this.policy = policy;
        this.derivedTable = derivedTable;
    }

    /** Origins of the fields of every checked node below a final aggregate. */
    Map<RelNode, List<FieldOrigin>> origins() {
        return origins;
    }

    /** Checks a row-level plan of a derived table and returns the origins of its output fields. */
    List<FieldOrigin> checkDerivedTable(RelNode root) {
        return rows(root);
    }

    /** Checks a query whose result is released to a person. */
    CheckedPlan checkReleasedQuery(RelNode root) {
        var topOperations = new ArrayList<TopOperation>();
        RelNode node = root;
        boolean ordered = false;
        while (true) {
            if (node instanceof LogicalSort sort) {
                if (ordered) {
                    throw new QueryRefused(OPERATOR_NOT_ALLOWED);
                }
                ordered = true;
                topOperations.add(new Ordering(sort.getCollation().getFieldCollations(),
                        literalCount(sort.offset, 0), literalCount(sort.fetch, -1)));
                node = sort.getInput();
            } else if (node instanceof LogicalProject project && isReferencesOnly(project)) {
                var fields = new ArrayList<Integer>();
                for (RexNode expression : project.getProjects()) {
                    fields.add(((RexInputRef) expression).getIndex());
                }
                topOperations.add(new Projection(fields));
                node = project.getInput();
            } else {
                break;
            }
        }
        Collections.reverse(topOperations);
        var blocks = new ArrayList<Block>();
        if (node instanceof SetOp setOperation) {
            if (!(setOperation instanceof LogicalUnion) || !setOperation.all) {
                throw new QueryRefused(SET_OPERATION_NOT_ALLOWED);
            }
            for (RelNode branch : setOperation.getInputs()) {
                Block block = block(branch);
                if (block == null) {
                    refuseRows(rows(branch));
                }
                blocks.add(block);
            }
        } else {
            Block block = block(node);
            if (block == null) {
                List<FieldOrigin> output = rows(node);
                for (TopOperation operation : topOperations) {
                    if (operation instanceof Projection projection) {
                        var projected = new ArrayList<FieldOrigin>();
                        for (int field : projection.fields()) {
                            projected.add(output.get(field));
                        }
                        output = projected;
                    }
                }
                refuseRows(output);
            }
            blocks.add(block);
        }
        return new CheckedPlan(blocks, topOperations);
    }

    private @Nullable Block block(RelNode top) {
        var chain = new ArrayList<RelNode>();
        RelNode node = top;
        while (node instanceof LogicalProject || node instanceof LogicalFilter) {
            chain.add(node);
            node = node.getInput(0);
        }
        if (!(node instanceof LogicalAggregate aggregate)) {
            return null;
        }
        var measures = finalAggregate(aggregate);
        int groupCount = aggregate.getGroupCount();
        var sources = new ArrayList<ColumnSource>();
        for (int i = 0; i < groupCount; i++) {
            sources.add(new ColumnSource(SourceKind.GROUP_KEY, i));
        }
        for (int j = 0; j < measures.size(); j++) {
            sources.add(new ColumnSource(SourceKind.MEASURE, j));
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            RelNode above = chain.get(i);
            if (above instanceof LogicalFilter filter) {
                if (policy.mode() == PrivacyMode.DIFFERENTIAL_PRIVACY) {
                    throw new QueryRefused(HAVING_NOT_ALLOWED);
                }
                var filterOrigins = new ArrayList<FieldOrigin>();
                for (ColumnSource source : sources) {
                    filterOrigins.add(source.kind() == SourceKind.GROUP_KEY
                            ? origins.get(aggregate.getInput()).get(aggregate.getGroupSet().nth(source.index()))
                            : FieldOrigin.CONSTANT);
                }
                expression(filter.getCondition(), filterOrigins);
            } else {
                var projected = new ArrayList<ColumnSource>();
                for (RexNode expression : ((LogicalProject) above).getProjects()) {
                    projected.add(projectedSource(expression, sources));
                }
                sources = projected;
            }
        }
        return new Block(aggregate, chain, measures, sources);
    }

    private static ColumnSource projectedSource(RexNode expression, List<ColumnSource> sources) {
        if (RexOver.containsOver(expression)) {
            throw new QueryRefused(io.quanyun.sandbox.RefusalRule.WINDOW_FUNCTION);
        }
        RexNode inner = expression.getKind() == SqlKind.CAST ? ((RexCall) expression).getOperands().get(0) : expression;
        if (inner instanceof RexInputRef reference) {
            return sources.get(reference.getIndex());
        }
        if (inner instanceof RexLiteral) {
            return new ColumnSource(SourceKind.CONSTANT, -1);
        }
        throw new QueryRefused(EXPRESSION_OVER_AGGREGATE);
    }

    /** The result has no final aggregate: refuse with the most precise reason. */
    private static void refuseRows(List<FieldOrigin> output) {
        if (output.stream().anyMatch(FieldOrigin::isDirectIdentifier)) {
            throw new QueryRefused(IDENTIFIER_IN_OUTPUT);
        }
        throw new QueryRefused(RAW_ROWS);
    }

    private List<MeasureCall> finalAggregate(LogicalAggregate aggregate) {
        if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            throw new QueryRefused(GROUPING_SETS);
        }
        List<FieldOrigin> input = rows(aggregate.getInput());
        for (int key : aggregate.getGroupSet()) {
            FieldOrigin origin = input.get(key);
            if (origin.isDirectIdentifier()) {
                throw new QueryRefused(IDENTIFIER_AS_GROUP_KEY);
            }
            if (origin.role() == DisclosureRole.SENSITIVE_ATTRIBUTE) {
                throw new QueryRefused(SENSITIVE_AS_GROUP_KEY);
            }
        }
        var measures = new ArrayList<MeasureCall>();
        for (AggregateCall call : aggregate.getAggCallList()) {
            measures.add(measure(call, input));
        }
        return measures;
    }

    private MeasureCall measure(AggregateCall call, List<FieldOrigin> input) {
        if (call.filterArg >= 0 || call.isApproximate() || !call.collation.getFieldCollations().isEmpty()) {
            throw new QueryRefused(AGGREGATE_NOT_ALLOWED);
        }
        List<Integer> arguments = call.getArgList();
        SqlKind kind = call.getAggregation().getKind();
        if (kind == SqlKind.COUNT) {
            if (arguments.isEmpty()) {
                return new MeasureCall(MeasureKind.COUNT_ROWS, -1, null, true);
            }
            if (arguments.size() > 1) {
                throw new QueryRefused(AGGREGATE_NOT_ALLOWED);
            }
            FieldOrigin origin = input.get(arguments.get(0));
            if (call.isDistinct()) {
                if (origin.unit()) {
                    return new MeasureCall(MeasureKind.COUNT_UNITS, arguments.get(0), null, true);
                }
                throw new QueryRefused(origin.isDirectIdentifier() ? IDENTIFIER_IN_EXPRESSION
                        : DISTINCT_NOT_ON_PRIVACY_UNIT);
            }
            if (origin.isDirectIdentifier()) {
                throw new QueryRefused(IDENTIFIER_IN_EXPRESSION);
            }
            return new MeasureCall(MeasureKind.COUNT_VALUES, arguments.get(0), null, true);
        }
        if (kind == SqlKind.SUM || kind == SqlKind.SUM0 || kind == SqlKind.AVG) {
            if (call.isDistinct() || arguments.size() != 1) {
                throw new QueryRefused(AGGREGATE_NOT_ALLOWED);
            }
            FieldOrigin origin = input.get(arguments.get(0));
            if (origin.isDirectIdentifier()) {
                throw new QueryRefused(IDENTIFIER_IN_EXPRESSION);
            }
            if (!origin.isBareColumn()) {
                throw new QueryRefused(MEASURE_NOT_BARE);
            }
            ColumnType type = origin.type();
            Clamp clamp = policy.bounds(origin.table(), origin.column()).orElse(null);
            if (type == null || !type.isNumeric() || clamp == null) {
                throw new QueryRefused(MEASURE_WITHOUT_BOUNDS);
            }
            return new MeasureCall(kind == SqlKind.AVG ? MeasureKind.AVERAGE : MeasureKind.SUM,
                    arguments.get(0), clamp, type == ColumnType.INTEGER);
        }
        throw new QueryRefused(AGGREGATE_NOT_ALLOWED);
    }

    /** Checks a row-level node (below the final aggregate, or a derived table) and its inputs. */
    private List<FieldOrigin> rows(RelNode node) {
        List<FieldOrigin> result;
        if (node instanceof LogicalTableScan scan) {
            result = scan(scan);
        } else if (node instanceof LogicalFilter filter) {
            result = rows(filter.getInput());
            expression(filter.getCondition(), result);
        } else if (node instanceof LogicalProject project) {
            List<FieldOrigin> input = rows(project.getInput());
            result = new ArrayList<>();
            for (RexNode expression : project.getProjects()) {
                result.add(expression(expression, input));
            }
        } else if (node instanceof LogicalJoin join) {
            result = join(join);
        } else if (node instanceof LogicalAggregate aggregate) {
            if (!derivedTable) {
                throw new QueryRefused(NESTED_AGGREGATE);
            }
            result = derivedAggregate(aggregate);
        } else if (node instanceof Sort) {
            throw new QueryRefused(LIMIT_BELOW_AGGREGATE);
        } else if (node instanceof SetOp) {
            throw new QueryRefused(SET_OPERATION_NOT_ALLOWED);
        } else {
            throw new QueryRefused(OPERATOR_NOT_ALLOWED);
        }
        origins.put(node, result);
        return result;
    }

    private List<FieldOrigin> scan(LogicalTableScan scan) {
        List<String> name = scan.getTable().getQualifiedName();
        GrantedTable table = tables.get(name.get(name.size() - 1));
        if (table == null) {
            throw new QueryRefused(TABLE_NOT_GRANTED);
        }
        var result = new ArrayList<FieldOrigin>();
        for (GrantedColumn column : table.columns()) {
            result.add(new FieldOrigin(column.role(), column.name().equals(table.privacyUnitColumn()),
                    table.name(), column.name(), column.type()));
        }
        return result;
    }

    private List<FieldOrigin> join(LogicalJoin join) {
        List<FieldOrigin> left = rows(join.getLeft());
        List<FieldOrigin> right = rows(join.getRight());
        if (join.getJoinType() != JoinRelType.INNER && join.getJoinType() != JoinRelType.LEFT) {
            throw new QueryRefused(JOIN_NOT_ON_PRIVACY_UNIT);
        }
        var combined = new ArrayList<FieldOrigin>(left);
        combined.addAll(right);
        List<RexNode> conditions = RelOptUtil.conjunctions(join.getCondition());
        if (conditions.isEmpty()) {
            throw new QueryRefused(JOIN_NOT_ON_PRIVACY_UNIT);
        }
        for (RexNode condition : conditions) {
            if (condition.getKind() != SqlKind.EQUALS
                    || !(((RexCall) condition).getOperands().get(0) instanceof RexInputRef first)
                    || !(((RexCall) condition).getOperands().get(1) instanceof RexInputRef second)) {
                throw new QueryRefused(JOIN_NOT_ON_PRIVACY_UNIT);
            }
            int a = Math.min(first.getIndex(), second.getIndex());
            int b = Math.max(first.getIndex(), second.getIndex());
            if (a >= left.size() || b < left.size() || !combined.get(a).unit() || !combined.get(b).unit()) {
                throw new QueryRefused(JOIN_NOT_ON_PRIVACY_UNIT);
            }
        }
        return combined;
    }

    private List<FieldOrigin> derivedAggregate(LogicalAggregate aggregate) {
        if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            throw new QueryRefused(GROUPING_SETS);
        }
        List<FieldOrigin> input = rows(aggregate.getInput());
        var result = new ArrayList<FieldOrigin>();
        for (int key : aggregate.getGroupSet()) {
            FieldOrigin origin = input.get(key);
            if (origin.isDirectIdentifier() && !origin.unit()) {
                throw new QueryRefused(IDENTIFIER_AS_GROUP_KEY);
            }
            result.add(origin);
        }
        for (AggregateCall call : aggregate.getAggCallList()) {
            SqlKind kind = call.getAggregation().getKind();
            if (call.filterArg >= 0 || (kind != SqlKind.COUNT && kind != SqlKind.SUM && kind != SqlKind.AVG)) {
                throw new QueryRefused(AGGREGATE_NOT_ALLOWED);
            }
            DisclosureRole role = DisclosureRole.PLAIN_ATTRIBUTE;
            for (int argument : call.getArgList()) {
                FieldOrigin origin = input.get(argument);
                if (origin.isDirectIdentifier() && !(origin.unit() && kind == SqlKind.COUNT)) {
                    throw new QueryRefused(IDENTIFIER_IN_EXPRESSION);
                }
                if (kind != SqlKind.COUNT) {
                    role = role.stricter(origin.role());
                }
            }
            result.add(FieldOrigin.computed(role));
        }
        return result;
    }

    /** Checks an expression over fields of the given origins and returns the origin of its value. */
    private FieldOrigin expression(RexNode expression, List<FieldOrigin> input) {
        if (expression instanceof RexInputRef reference) {
            return input.get(reference.getIndex());
        }
        if (expression instanceof RexLiteral) {
            return FieldOrigin.CONSTANT;
        }
        if (expression instanceof RexOver) {
            throw new QueryRefused(io.quanyun.sandbox.RefusalRule.WINDOW_FUNCTION);
        }
        if (!(expression instanceof RexCall call) || expression.getClass() != RexCall.class) {
            throw new QueryRefused(OPERATOR_NOT_ALLOWED);
        }
        var operands = new ArrayList<FieldOrigin>();
        for (RexNode operand : call.getOperands()) {
            operands.add(expression(operand, input));
        }
        if (operands.stream().anyMatch(FieldOrigin::isDirectIdentifier)) {
            throw new QueryRefused(AllowedOperators.isComparison(call.getOperator())
                    ? IDENTIFIER_IN_PREDICATE : IDENTIFIER_IN_EXPRESSION);
        }
        if (!AllowedOperators.isAllowed(call.getOperator())) {
            throw new QueryRefused(FUNCTION_NOT_ALLOWED);
        }
        if (call.getKind() == SqlKind.CAST && operands.get(0).isBareColumn()) {
            return operands.get(0);
        }
        DisclosureRole role = DisclosureRole.PLAIN_ATTRIBUTE;
        for (FieldOrigin operand : operands) {
            role = role.stricter(operand.role());
        }
        return FieldOrigin.computed(role);
    }

    private static boolean isReferencesOnly(LogicalProject project) {
        return project.getProjects().stream().allMatch(RexInputRef.class::isInstance);
    }

    private static long literalCount(@Nullable RexNode node, long absent) {
        if (node == null) {
            return absent;
        }
        if (node instanceof RexLiteral literal) {
            Long value = literal.getValueAs(Long.class);
            if (value != null && value >= 0) {
                return value;
            }
        }
        throw new QueryRefused(OPERATOR_NOT_ALLOWED);
    }
}
