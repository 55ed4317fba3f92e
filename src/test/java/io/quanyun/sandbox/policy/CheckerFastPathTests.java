package io.quanyun.sandbox.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanyun.sandbox.SandboxGrant;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/**
 * The checker's shortcuts around Calcite (2026-11-29, third session) give what Calcite's own paths give: the literal-cast
 * reduction the same literals as Calcite's compiled executor, the cached dispatch the same SQL, and the operator
 * table without the catalog reader loses nothing because the grant schema holds no function.
 */
class CheckerFastPathTests {

    final JavaTypeFactoryImpl types = new JavaTypeFactoryImpl(RelDataTypeSystem.DEFAULT);
    final RexBuilder rex = new RexBuilder(types);

    List<RexNode> literals() {
        var list = new ArrayList<RexNode>();
        long[] longs = {0, 1, -1, 7, 100_000, 123_456_789, Integer.MAX_VALUE, Integer.MIN_VALUE,
            (1L << 53) + 1, (1L << 60) + 3, Long.MAX_VALUE, Long.MIN_VALUE + 1};
        for (long value : longs) {
            list.add(rex.makeExactLiteral(BigDecimal.valueOf(value)));
            list.add(rex.makeExactLiteral(BigDecimal.valueOf(value), types.createSqlType(SqlTypeName.BIGINT)));
        }
        String[] decimals = {"0.1", "1.5", "-2.25", "3.141592653589793238", "100000.01", "999999.995",
            "0.30000000000000004", "9007199254740993.5", "-0.000001", "1234567890123456.123"};
        for (String value : decimals) {
            list.add(rex.makeExactLiteral(new BigDecimal(value)));
        }
        return list;
    }

    @Test
    void literalCastToDouble_reducesToTheLiteralCalcitesCompiledExecutorGives() {
        RelDataType doubleType = types.createTypeWithNullability(types.createSqlType(SqlTypeName.DOUBLE), true);
        RelDataType notNullDouble = types.createSqlType(SqlTypeName.DOUBLE);
        for (RexNode literal : literals()) {
            for (RelDataType target : List.of(doubleType, notNullDouble)) {
                List<RexNode> casts = List.of(rex.makeAbstractCast(target, literal, false));
                var calcite = new ArrayList<RexNode>();
                RexUtil.EXECUTOR.reduce(rex, casts, calcite);
                var ours = new ArrayList<RexNode>();
                LiteralCastExecutor.INSTANCE.reduce(rex, casts, ours);
                assertThat(LiteralCastExecutor.numericLiteralAsDouble(casts.get(0))).as("%s", casts).isNotNull();
                assertThat(ours).as("%s", casts).isEqualTo(calcite);
                assertThat(ours.get(0).getType()).isEqualTo(calcite.get(0).getType());
            }
        }
    }

    @Test
    void anyOtherExpression_isLeftToCalcitesExecutor() {
        RexNode plus = rex.makeCall(org.apache.calcite.sql.fun.SqlStdOperatorTable.PLUS,
                rex.makeExactLiteral(BigDecimal.ONE), rex.makeExactLiteral(BigDecimal.TEN));
        RexNode castText = rex.makeAbstractCast(types.createSqlType(SqlTypeName.DATE), rex.makeLiteral("2024-01-02"),
                false);
        RexNode castToBigint = rex.makeAbstractCast(types.createSqlType(SqlTypeName.BIGINT),
                rex.makeExactLiteral(new BigDecimal("2.5")), false);
        for (RexNode expression : List.of(plus, castText, castToBigint)) {
            assertThat(LiteralCastExecutor.numericLiteralAsDouble(expression)).isNull();
            var calcite = new ArrayList<RexNode>();
            RexUtil.EXECUTOR.reduce(rex, List.of(expression), calcite);
            var ours = new ArrayList<RexNode>();
            LiteralCastExecutor.INSTANCE.reduce(rex, List.of(expression), ours);
            assertThat(ours).isEqualTo(calcite);
        }
        // a list mixing both goes to Calcite whole
        List<RexNode> mixed = List.of(rex.makeAbstractCast(types.createSqlType(SqlTypeName.DOUBLE),
                rex.makeExactLiteral(BigDecimal.TEN), false), plus);
        var calcite = new ArrayList<RexNode>();
        RexUtil.EXECUTOR.reduce(rex, mixed, calcite);
        var ours = new ArrayList<RexNode>();
        LiteralCastExecutor.INSTANCE.reduce(rex, mixed, ours);
        assertThat(ours).isEqualTo(calcite);
    }

    @Test
    void generatedSql_isTheSameWithCalcitesOwnDispatch() {
        var checker = new QueryChecker();
        SandboxGrant grant = CheckProfile.grant("fast-path-sql");
        for (String sql : CheckProfile.questions(8)) {
            var checked = (CheckedStatement.Query) checker.check(sql, grant, List.of(), Set.of("person", "income"));
            for (ProtectedBlock block : checked.query().blocks()) {
                assertThat(block.engineSql()).isNotBlank();
            }
        }
        var checked = (CheckedStatement.Query) checker.check(CheckProfile.questions(3).get(2), grant, List.of(),
                Set.of());
        var plan = new QueryChecker.Conversion(GrantSchema.of(grant, List.of()))
                .convert(CheckProfile.questions(3).get(2), new int[] {1, 1}).project();
        String calcite = new org.apache.calcite.rel.rel2sql.RelToSqlConverter(ProtectionRewriter.DIALECT)
                .visitRoot(plan).asStatement().toSqlString(ProtectionRewriter.DIALECT).getSql();
        assertThat(ProtectionRewriter.toSql(plan)).isEqualTo(calcite);
        assertThat(checked.query().blocks()).isNotEmpty();
    }

    @Test
    void grantSchemaHoldsNoFunction_soTheValidatorNeedsNoCatalogOperators() {
        var schema = GrantSchema.of(CheckProfile.grant("fast-path-functions"), List.of());
        assertThat(schema.getFunctionNames()).isEmpty();
        assertThat(schema.getSubSchemaNames()).isEmpty();
        assertThat(schema.getTableNames()).containsExactlyInAnyOrder("person", "income");
    }
}
