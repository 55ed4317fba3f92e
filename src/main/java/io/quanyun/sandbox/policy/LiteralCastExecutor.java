package io.quanyun.sandbox.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexExecutor;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Constant reduction for the plan normaliser's simplification. Calcite's executor ({@link RexUtil#EXECUTOR})
 * generates, compiles (Janino) and loads a class for every reduction; the one the checker meets in almost every
 * filter is a numeric literal cast to {@code DOUBLE} ({@code amount < 100000}, the column being {@code DOUBLE}),
 * and compiling it cost about a tenth of a cold check. This executor computes exactly that case itself, with the
 * same value Calcite's generated code computes ({@code (double) long} or {@code BigDecimal.doubleValue()}, both
 * correctly rounded) and the same literal construction ({@link RexBuilder#makeLiteral(Object,
 * org.apache.calcite.rel.type.RelDataType, boolean)}), and hands every other list of expressions to Calcite's
 * executor unchanged. {@code LiteralCastExecutorTests} compares both over many literals.
 */
final class LiteralCastExecutor implements RexExecutor {

    static final LiteralCastExecutor INSTANCE = new LiteralCastExecutor();

    private LiteralCastExecutor() {
    }

    @Override
    public void reduce(RexBuilder rexBuilder, List<RexNode> constExps, List<RexNode> reducedValues) {
        var reduced = new ArrayList<RexNode>(constExps.size());
        for (RexNode expression : constExps) {
            Double value = numericLiteralAsDouble(expression);
            if (value == null) {
                RexUtil.EXECUTOR.reduce(rexBuilder, constExps, reducedValues);
                return;
            }
            reduced.add(rexBuilder.makeLiteral(value, expression.getType(), true));
        }
        reducedValues.addAll(reduced);
    }

    /** The value of {@code CAST(exact numeric literal AS DOUBLE)}, or null for any other expression. */
    static Double numericLiteralAsDouble(RexNode expression) {
        if (expression.getKind() != SqlKind.CAST || expression.getType().getSqlTypeName() != SqlTypeName.DOUBLE) {
            return null;
        }
        RexNode operand = ((RexCall) expression).getOperands().get(0);
        if (!(operand instanceof RexLiteral literal) || literal.isNull()) {
            return null;
        }
        BigDecimal exact = literal.getValueAs(BigDecimal.class);
        if (exact == null) {
            return null;
        }
        return switch (literal.getType().getSqlTypeName()) {
            case TINYINT, SMALLINT, INTEGER, BIGINT -> (double) exact.longValueExact();
            case DECIMAL -> exact.doubleValue();
            default -> null;
        };
    }
}
