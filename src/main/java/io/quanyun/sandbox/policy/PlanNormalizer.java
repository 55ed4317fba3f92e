package io.quanyun.sandbox.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptPredicateList;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSimplify;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * Rewrites a plan into a canonical form so that cosmetic variants of one question (aliases,
 * {@code AND 1 = 1}, the order of AND/OR operands, {@code 5 = x} versus {@code x = 5}) give the
 * same generated SQL: filter conditions are simplified, AND/OR operands sorted, and every projected
 * field gets a positional name.
 */
final class PlanNormalizer extends RelShuttleImpl {

    @Override
    public RelNode visit(LogicalFilter filter) {
        RelNode input = filter.getInput().accept(this);
        RexBuilder rexBuilder = filter.getCluster().getRexBuilder();
        RexNode condition = new RexSimplify(rexBuilder, RelOptPredicateList.EMPTY, LiteralCastExecutor.INSTANCE)
                .simplifyUnknownAsFalse(filter.getCondition());
        condition = condition.accept(new CanonicalOrder(rexBuilder));
        if (condition.isAlwaysTrue()) {
            return input;
        }
        return LogicalFilter.create(input, condition);
    }

    @Override
    public RelNode visit(LogicalProject project) {
        RelNode input = project.getInput().accept(this);
        var rexBuilder = project.getCluster().getRexBuilder();
        var expressions = new ArrayList<RexNode>();
        var names = new ArrayList<String>();
        for (RexNode expression : project.getProjects()) {
            names.add("f" + names.size());
            expressions.add(expression.accept(new CanonicalOrder(rexBuilder)));
        }
        return LogicalProject.create(input, List.of(), expressions, names, Set.of());
    }

    @Override
    public RelNode visit(LogicalJoin join) {
        RelNode left = join.getLeft().accept(this);
        RelNode right = join.getRight().accept(this);
        RexNode condition = join.getCondition().accept(new CanonicalOrder(join.getCluster().getRexBuilder()));
        return join.copy(join.getTraitSet(), condition, left, right, join.getJoinType(), join.isSemiJoinDone());
    }

    /** Sorts AND/OR operands and puts literals on the right of symmetric comparisons. */
    private static final class CanonicalOrder extends RexShuttle {

        private final RexBuilder rexBuilder;

        CanonicalOrder(RexBuilder rexBuilder) {
            this.rexBuilder = rexBuilder;
        }

        @Override
        public RexNode visitCall(RexCall call) {
            RexCall visited = (RexCall) super.visitCall(call);
            SqlKind kind = visited.getKind();
            if (kind == SqlKind.AND || kind == SqlKind.OR) {
                var operands = new ArrayList<>(visited.getOperands());
                operands.sort(Comparator.comparing(RexNode::toString));
                return rexBuilder.makeCall(visited.getType(), visited.getOperator(), operands);
            }
            if ((kind == SqlKind.EQUALS || kind == SqlKind.NOT_EQUALS)
                    && visited.getOperands().get(0) instanceof RexLiteral
                    && !(visited.getOperands().get(1) instanceof RexLiteral)) {
                var operator = kind == SqlKind.EQUALS ? SqlStdOperatorTable.EQUALS : SqlStdOperatorTable.NOT_EQUALS;
                return rexBuilder.makeCall(operator, visited.getOperands().get(1), visited.getOperands().get(0));
            }
            return visited;
        }
    }
}
