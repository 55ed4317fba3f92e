package io.quanyun.sandbox.policy;

import io.quanyun.sandbox.PrivacyMode;
import io.quanyun.sandbox.QueryRefused;
import io.quanyun.sandbox.RefusalRule;
import io.quanyun.sandbox.SandboxPolicy;
import io.quanyun.sandbox.policy.CheckedPlan.Block;
import io.quanyun.sandbox.policy.CheckedPlan.ColumnSource;
import io.quanyun.sandbox.policy.CheckedPlan.MeasureCall;
import io.quanyun.sandbox.policy.ProtectedBlock.BlockColumn;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.dialect.DuckDBSqlDialect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Rewrites each checked final aggregate so the engine computes what protection needs, and
 * generates the engine SQL from the rewritten plan:
 *
 * <ol>
 *   <li>the privacy unit is threaded up to the aggregate's input;
 *   <li>in differential privacy mode each person keeps at most {@code maximumRowsPerUnit} rows;
 *   <li>each summed measure is clamped into the policy's bounds row by row (and rounded to an
 *       integer in differential privacy mode);
 *   <li>rows are aggregated per group and person, then per group, which yields the distinct persons
 *       per group and, in threshold mode, the largest and two largest per-person contributions;
 *   <li>the HAVING filters and projections above the aggregate are applied again, carrying the
 *       helper columns through.
 * </ol>
 */
final class ProtectionRewriter {

    static final SqlDialect DIALECT = DuckDBSqlDialect.DEFAULT;

    /** Integers up to this magnitude, and half-integers below it, are exact as doubles (2^52). */
    private static final long EXACT_IN_DOUBLE = 1L << 52;

    private final Map<RelNode, List<FieldOrigin>> origins;
    private final SandboxPolicy policy;
    private final Set<String> oneRowPerUnit;

    ProtectionRewriter(Map<RelNode, List<FieldOrigin>> origins, SandboxPolicy policy, Set<String> oneRowPerUnit) {
        this.origins = origins;
        this.policy = policy;
        this.oneRowPerUnit = Set.copyOf(oneRowPerUnit);
    }

    static String toSql(RelNode plan) {
        return new CachedDispatchSqlConverter(DIALECT).visitRoot(plan).asStatement().toSqlString(DIALECT).getSql();
    }

    private boolean differentialPrivacy() {
        return policy.mode() == PrivacyMode.DIFFERENTIAL_PRIVACY;
    }

    ProtectedBlock rewrite(Block block) {
        Aggregate aggregate = block.aggregate();
        RelOptCluster cluster = aggregate.getCluster();
        RexBuilder rexBuilder = cluster.getRexBuilder();
        RelBuilder builder = RelFactories.LOGICAL_BUILDER.create(cluster, null);
        UnitInput input = withUnit(aggregate.getInput());
        builder.push(input.node());
        // at most one row per person already (granted tables measured unique, joined on the unit): no bounding
        // and no per-person aggregation are needed, each row is one person's contribution
        boolean unique = oneRowPerUnit(aggregate.getInput());
        long rowsPerUnit = differentialPrivacy() && !unique ? policy.maximumRowsPerUnit() : 1;
        if (differentialPrivacy() && !unique) {
            RexNode rowNumber = builder.aggregateCall(SqlStdOperatorTable.ROW_NUMBER).over()
                    .partitionBy(builder.field(input.unit())).orderBy(builder.field(input.unit())).toRex();
            builder.projectPlus(rowNumber);
            int last = builder.peek().getRowType().getFieldCount() - 1;
            builder.filter(builder.lessThanOrEqual(builder.field(last), builder.literal(policy.maximumRowsPerUnit())));
        }

        List<Integer> keys = aggregate.getGroupSet().asList();
        // A global aggregate gets a constant group key: RelToSqlConverter would otherwise nest the two
        // aggregation levels into one invalid SELECT. It is dropped again in step 5.
        boolean constantKey = keys.isEmpty();
        int keyCount = constantKey ? 1 : keys.size();
        List<MeasureCall> measures = block.measures();
        int measureCount = measures.size();

        // 1. one row per input row: keys, unit, measure values (clamped)
        var rowExpressions = new ArrayList<RexNode>();
        for (int key : keys) {
            rowExpressions.add(builder.field(key));
        }
        if (constantKey) {
            rowExpressions.add(builder.literal("all"));
        }
        rowExpressions.add(builder.field(input.unit()));
        int[] rowValue = new int[measureCount];
        for (int j = 0; j < measureCount; j++) {
            MeasureCall measure = measures.get(j);
            rowValue[j] = -1;
            switch (measure.kind()) {
                case COUNT_VALUES -> {
                    rowValue[j] = rowExpressions.size();
                    rowExpressions.add(builder.field(measure.argument()));
                }
                case SUM, AVERAGE -> {
                    rowValue[j] = rowExpressions.size();
                    rowExpressions.add(clamped(builder, rexBuilder, builder.field(measure.argument()), measure));
                }
                case COUNT_ROWS, COUNT_UNITS -> {
                }
            }
        }
        // without simplification, which would drop the clamp's CAST of a DOUBLE column to DOUBLE (see clamped)
        RelBuilder exact = RelBuilder.proto(Contexts.of(RelBuilder.Config.DEFAULT.withSimplify(false)))
                .create(cluster, null);
        exact.push(builder.build()).project(rowExpressions);
        builder.push(exact.build());

        // 2. one row per group and person
        var perUnitCalls = new ArrayList<RelBuilder.AggCall>();
        int[] unitValue = new int[measureCount];
        int[] unitCount = new int[measureCount];
        int next = keyCount + 1;
        for (int j = 0; j < measureCount; j++) {
            unitValue[j] = -1;
            unitCount[j] = -1;
            switch (measures.get(j).kind()) {
                case COUNT_ROWS -> perUnitCalls.add(builder.countStar(null));
                case COUNT_VALUES -> perUnitCalls.add(builder.count(false, null, builder.field(rowValue[j])));
                case SUM -> perUnitCalls.add(builder.sum(builder.field(rowValue[j])));
                case AVERAGE -> {
                    perUnitCalls.add(builder.sum(builder.field(rowValue[j])));
                    unitValue[j] = next++;
                    unitCount[j] = next++;
                    perUnitCalls.add(builder.count(false, null, builder.field(rowValue[j])));
                    continue;
                }
                case COUNT_UNITS -> {
                    continue;
                }
            }
            unitValue[j] = next++;
        }
        if (unique) {
            // merged with the projection of step 1, still without simplification
            exact.push(builder.build()).project(perUnitRows(exact, measures, keyCount, rowValue));
            builder.push(exact.build());
        } else {
            builder.aggregate(builder.groupKey(ImmutableBitSet.range(0, keyCount + 1)), perUnitCalls);
        }

        // 3. in threshold mode, rank persons by absolute contribution within the group
        boolean dominance = !differentialPrivacy();
        int[] rank = new int[measureCount];
        if (dominance) {
            var ranks = new ArrayList<RexNode>();
            int width = builder.peek().getRowType().getFieldCount();
            for (int j = 0; j < measureCount; j++) {
                rank[j] = -1;
                if (isSum(measures.get(j))) {
                    var partition = new ArrayList<RexNode>();
                    for (int k = 0; k < keyCount; k++) {
                        partition.add(builder.field(k));
                    }
                    RexNode absolute = builder.call(SqlStdOperatorTable.ABS, builder.field(unitValue[j]));
                    rank[j] = width + ranks.size();
                    ranks.add(builder.aggregateCall(SqlStdOperatorTable.ROW_NUMBER).over().partitionBy(partition)
                            .orderBy(builder.nullsLast(builder.desc(absolute))).toRex());
                }
            }
            if (!ranks.isEmpty()) {
                builder.projectPlus(ranks);
            }
        }

        // 4. one row per group: exact values and helpers
        var groupCalls = new ArrayList<RelBuilder.AggCall>();
        groupCalls.add(builder.countStar(null));
        int[] groupValue = new int[measureCount];
        int[] groupCount = new int[measureCount];
        int[] groupAbsoluteTotal = new int[measureCount];
        int[] groupLargest = new int[measureCount];
        int[] groupTwoLargest = new int[measureCount];
        int unitsField = keyCount;
        next = keyCount + 1;
        for (int j = 0; j < measureCount; j++) {
            MeasureCall measure = measures.get(j);
            groupCount[j] = -1;
            groupAbsoluteTotal[j] = -1;
            groupLargest[j] = -1;
            groupTwoLargest[j] = -1;
            if (measure.kind() == MeasureKind.COUNT_UNITS) {
                groupValue[j] = unitsField;
                continue;
            }
            if (unique && measure.kind() == MeasureKind.COUNT_ROWS) {
                // each row is one person's and contributes 1: the sum of the per-person values is the group's row
                // count (groups are never empty), which the engine computes once for all such measures
                groupCalls.add(builder.countStar(null));
            } else {
                groupCalls.add(builder.sum(builder.field(unitValue[j])));
            }
            groupValue[j] = next++;
            if (measure.kind() == MeasureKind.AVERAGE) {
                groupCalls.add(builder.sum(builder.field(unitCount[j])));
                groupCount[j] = next++;
            }
            if (dominance && isSum(measure)) {
                RexNode absolute = builder.call(SqlStdOperatorTable.ABS, builder.field(unitValue[j]));
                groupCalls.add(builder.sum(absolute));
                groupAbsoluteTotal[j] = next++;
                groupCalls.add(builder.sum(builder.call(SqlStdOperatorTable.CASE,
                        builder.equals(builder.field(rank[j]), builder.literal(1)), absolute,
                        builder.literal(null))));
                groupLargest[j] = next++;
                groupCalls.add(builder.sum(builder.call(SqlStdOperatorTable.CASE,
                        builder.lessThanOrEqual(builder.field(rank[j]), builder.literal(2)), absolute,
                        builder.literal(null))));
                groupTwoLargest[j] = next++;
            }
        }
        builder.aggregate(builder.groupKey(ImmutableBitSet.range(0, keyCount)), groupCalls);

        // 5. the aggregate's own row type, then the helpers
        RelDataType original = aggregate.getRowType();
        var fields = new ArrayList<RexNode>();
        int originalKeyCount = keys.size();
        for (int k = 0; k < originalKeyCount; k++) {
            fields.add(rexBuilder.makeAbstractCast(original.getFieldList().get(k).getType(), builder.field(k), false));
        }
        for (int j = 0; j < measureCount; j++) {
            RexNode value = builder.field(groupValue[j]);
            if (measures.get(j).kind() == MeasureKind.AVERAGE) {
                value = builder.call(SqlStdOperatorTable.DIVIDE, builder.cast(value, SqlTypeName.DOUBLE),
                        builder.field(groupCount[j]));
            }
            fields.add(rexBuilder.makeAbstractCast(original.getFieldList().get(originalKeyCount + j).getType(), value,
                    false));
        }
        var helpers = new ArrayList<RexNode>();
        helpers.add(builder.cast(builder.field(unitsField), SqlTypeName.BIGINT));
        var measureHelpers = new ArrayList<int[]>();
        for (int j = 0; j < measureCount; j++) {
            MeasureCall measure = measures.get(j);
            SqlTypeName sumType = measure.integral() || differentialPrivacy() ? SqlTypeName.BIGINT : SqlTypeName.DOUBLE;
            int[] positions = {-1, -1, -1, -1, -1};
            positions[0] = helpers.size();
            helpers.add(castExactly(builder, rexBuilder, builder.field(groupValue[j]), isSum(measure) ? sumType : SqlTypeName.BIGINT));
            if (groupCount[j] >= 0) {
                positions[1] = helpers.size();
                helpers.add(builder.cast(builder.field(groupCount[j]), SqlTypeName.BIGINT));
            }
            if (groupAbsoluteTotal[j] >= 0) {
                positions[2] = helpers.size();
                helpers.add(builder.cast(builder.field(groupAbsoluteTotal[j]), SqlTypeName.DOUBLE));
                positions[3] = helpers.size();
                helpers.add(builder.cast(builder.field(groupLargest[j]), SqlTypeName.DOUBLE));
                positions[4] = helpers.size();
                helpers.add(builder.cast(builder.field(groupTwoLargest[j]), SqlTypeName.DOUBLE));
            }
            measureHelpers.add(positions);
        }
        int keepHelper = helpers.size();
        helpers.add(builder.literal(true));
        var all = new ArrayList<RexNode>(fields);
        all.addAll(helpers);
        builder.project(all);
        int helperCount = helpers.size();

        // 6. the analyst's projections above the aggregate, carrying the helpers; a HAVING does not
        // filter in the engine but marks the rows it keeps, so that suppression sees every group
        for (int i = block.chain().size() - 1; i >= 0; i--) {
            RelNode above = block.chain().get(i);
            if (above instanceof LogicalFilter filter) {
                int width = builder.peek().getRowType().getFieldCount();
                var expressions = new ArrayList<RexNode>();
                for (int f = 0; f < width - 1; f++) {
                    expressions.add(builder.field(f));
                }
                expressions.add(builder.and(builder.field(width - 1),
                        builder.call(SqlStdOperatorTable.IS_TRUE, filter.getCondition())));
                builder.project(expressions);
            } else {
                int width = builder.peek().getRowType().getFieldCount();
                var expressions = new ArrayList<RexNode>(((LogicalProject) above).getProjects());
                for (int h = 0; h < helperCount; h++) {
                    expressions.add(builder.field(width - helperCount + h));
                }
                builder.project(expressions);
            }
        }

        // 7. positional names, so that the generated SQL does not depend on aliases
        int width = builder.peek().getRowType().getFieldCount();
        int outputCount = width - helperCount;
        var finalFields = new ArrayList<RexNode>();
        var names = new ArrayList<String>();
        for (int i = 0; i < width; i++) {
            finalFields.add(builder.field(i));
            names.add(i < outputCount ? "c" + i : "h" + (i - outputCount));
        }
        builder.project(finalFields, names, true);
        RelNode plan = builder.build();

        var columns = new ArrayList<BlockColumn>();
        for (int i = 0; i < block.outputs().size(); i++) {
            ColumnSource source = block.outputs().get(i);
            columns.add(switch (source.kind()) {
                case GROUP_KEY -> new BlockColumn(BlockColumn.Kind.GROUP_KEY, i, -1);
                case CONSTANT -> new BlockColumn(BlockColumn.Kind.CONSTANT, i, -1);
                case MEASURE -> new BlockColumn(BlockColumn.Kind.MEASURE, i, source.index());
            });
        }
        var protectedMeasures = new ArrayList<ProtectedMeasure>();
        int shares = 1;
        for (int j = 0; j < measureCount; j++) {
            MeasureCall measure = measures.get(j);
            int[] positions = measureHelpers.get(j);
            long magnitude = measure.clamp() == null ? 1 : Math.max(1, measure.clamp().magnitude());
            long valueSensitivity = isSum(measure) ? Math.multiplyExact(rowsPerUnit, magnitude) : rowsPerUnit;
            var protectedMeasure = new ProtectedMeasure(measure.kind(), helper(outputCount, positions[0]),
                    helper(outputCount, positions[1]), helper(outputCount, positions[2]),
                    helper(outputCount, positions[3]), helper(outputCount, positions[4]),
                    valueSensitivity, rowsPerUnit);
            shares += protectedMeasure.noiseShares();
            protectedMeasures.add(protectedMeasure);
        }
        return new ProtectedBlock(toSql(plan), columns, protectedMeasures, outputCount,
                helper(outputCount, keepHelper), shares, rowsPerUnit);
    }

    /**
     * When each row is one person's: the per-person values of step 2 without aggregating, in the same layout
     * (keys, unit, then per measure its value and, for averages, its count).
     */
    private static List<RexNode> perUnitRows(RelBuilder builder, List<MeasureCall> measures, int keyCount,
            int[] rowValue) {
        var expressions = new ArrayList<RexNode>();
        for (int i = 0; i <= keyCount; i++) {
            expressions.add(builder.field(i));
        }
        for (int j = 0; j < measures.size(); j++) {
            switch (measures.get(j).kind()) {
                case COUNT_ROWS -> expressions.add(builder.literal(1L));
                case COUNT_VALUES -> expressions.add(presence(builder, builder.field(rowValue[j])));
                case SUM -> expressions.add(builder.field(rowValue[j]));
                case AVERAGE -> {
                    expressions.add(builder.field(rowValue[j]));
                    expressions.add(presence(builder, builder.field(rowValue[j])));
                }
                case COUNT_UNITS -> {
                }
            }
        }
        return expressions;
    }

    /** 1 when the value is present, else 0 (as {@code COUNT(value)} of one row). */
    private static RexNode presence(RelBuilder builder, RexNode value) {
        return builder.call(SqlStdOperatorTable.CASE, builder.isNotNull(value), builder.literal(1L),
                builder.literal(0L));
    }

    /**
     * Whether the node yields at most one row per privacy unit: a scan of a granted table measured so, and
     * filters, projections and (unit-on-unit) joins of such nodes. Derived tables count as not unique.
     */
    private boolean oneRowPerUnit(RelNode node) {
        if (node instanceof org.apache.calcite.rel.core.TableScan scan) {
            List<String> name = scan.getTable().getQualifiedName();
            return oneRowPerUnit.contains(name.get(name.size() - 1));
        }
        if (node instanceof LogicalFilter || node instanceof LogicalProject) {
            return oneRowPerUnit(node.getInput(0));
        }
        if (node instanceof org.apache.calcite.rel.logical.LogicalJoin join) {
            // the checker admits only conjunctions of unit = unit, so one row per unit on each side stays so
            return oneRowPerUnit(join.getLeft()) && oneRowPerUnit(join.getRight());
        }
        return false;
    }

    /** A CAST that is kept even when Calcite's type already matches (DuckDB's SUM widens to HUGEINT). */
    private static RexNode castExactly(RelBuilder builder, RexBuilder rexBuilder, RexNode value, SqlTypeName type) {
        RelDataType target = builder.getTypeFactory().createTypeWithNullability(
                builder.getTypeFactory().createSqlType(type), true);
        return rexBuilder.makeAbstractCast(target, value, false);
    }

    /** Engine column of the helper at {@code position} (0 is the units helper), or -1. */
    private static int helper(int outputCount, int position) {
        return position < 0 ? -1 : outputCount + position;
    }

    private static boolean isSum(MeasureCall measure) {
        return measure.kind() == MeasureKind.SUM || measure.kind() == MeasureKind.AVERAGE;
    }

    private RexNode clamped(RelBuilder builder, RexBuilder rexBuilder, RexNode value, MeasureCall measure) {
        var clamp = measure.clamp();
        if (!measure.integral() && Math.abs(clamp.lower()) <= EXACT_IN_DOUBLE && Math.abs(clamp.upper()) <= EXACT_IN_DOUBLE) {
            // a DOUBLE column may be stored as a wide DECIMAL (the vault keeps decimals as DECIMAL(38, s)): clamp and
            // round it as the DOUBLE the grant declares, not in 128-bit decimal arithmetic row by row. The bounds are
            // integers exactly representable as doubles, so every clamped value stays within them.
            value = castExactly(builder, rexBuilder, value, SqlTypeName.DOUBLE);
        }
        RexNode lower = rexBuilder.makeExactLiteral(BigDecimal.valueOf(clamp.lower()));
        RexNode upper = rexBuilder.makeExactLiteral(BigDecimal.valueOf(clamp.upper()));
        RexNode result = builder.call(SqlStdOperatorTable.CASE,
                builder.lessThan(value, lower), lower,
                builder.greaterThan(value, upper), upper,
                value);
        if (differentialPrivacy() && !measure.integral()) {
            result = builder.call(SqlStdOperatorTable.ROUND, result);
        }
        return builder.cast(result, measure.integral() || differentialPrivacy() ? SqlTypeName.BIGINT
                : SqlTypeName.DOUBLE);
    }

    /** A node whose output includes the privacy unit, and the unit's position. */
    private record UnitInput(RelNode node, int unit) {
    }

    private UnitInput withUnit(RelNode node) {
        List<FieldOrigin> fields = origins.get(node);
        if (fields != null) {
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).unit()) {
                    return new UnitInput(node, i);
                }
            }
        }
        if (node instanceof LogicalProject project) {
            UnitInput input = withUnit(project.getInput());
            var expressions = new ArrayList<RexNode>(project.getProjects());
            expressions.add(RexInputRef.of(input.unit(), input.node().getRowType()));
            var names = new ArrayList<String>();
            for (int i = 0; i < expressions.size(); i++) {
                names.add("f" + i);
            }
            return new UnitInput(LogicalProject.create(input.node(), List.of(), expressions, names, Set.of()),
                    expressions.size() - 1);
        }
        if (node instanceof LogicalFilter filter) {
            UnitInput input = withUnit(filter.getInput());
            return new UnitInput(LogicalFilter.create(input.node(), filter.getCondition()), input.unit());
        }
        throw new QueryRefused(RefusalRule.NO_PRIVACY_UNIT);
    }

}
