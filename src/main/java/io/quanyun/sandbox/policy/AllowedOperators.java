package io.quanyun.sandbox.policy;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;

/** The scalar operator allow-list. Anything not listed is refused. */
final class AllowedOperators {

    private static final Set<SqlKind> COMPARISONS = EnumSet.of(
            SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.LESS_THAN, SqlKind.LESS_THAN_OR_EQUAL,
            SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.SEARCH, SqlKind.BETWEEN, SqlKind.IN,
            SqlKind.NOT_IN, SqlKind.IS_NULL, SqlKind.IS_NOT_NULL, SqlKind.IS_DISTINCT_FROM,
            SqlKind.IS_NOT_DISTINCT_FROM, SqlKind.LIKE, SqlKind.IS_TRUE, SqlKind.IS_FALSE,
            SqlKind.IS_NOT_TRUE, SqlKind.IS_NOT_FALSE);

    private static final Set<SqlKind> OTHER_KINDS = EnumSet.of(
            SqlKind.PLUS, SqlKind.MINUS, SqlKind.TIMES, SqlKind.DIVIDE, SqlKind.MOD, SqlKind.MINUS_PREFIX,
            SqlKind.PLUS_PREFIX, SqlKind.AND, SqlKind.OR, SqlKind.NOT, SqlKind.CASE, SqlKind.CAST,
            SqlKind.COALESCE, SqlKind.EXTRACT, SqlKind.FLOOR, SqlKind.CEIL, SqlKind.TRIM, SqlKind.POSITION);

    /** Functions without a dedicated kind, by name. */
    private static final Set<String> FUNCTIONS = Set.of(
            "UPPER", "LOWER", "SUBSTRING", "CHAR_LENGTH", "CHARACTER_LENGTH", "ABS", "ROUND", "||",
            "YEAR", "QUARTER", "MONTH", "DAYOFMONTH", "DAYOFWEEK", "DAYOFYEAR");

    private AllowedOperators() {
    }

    static boolean isComparison(SqlOperator operator) {
        return COMPARISONS.contains(operator.getKind());
    }

    static boolean isAllowed(SqlOperator operator) {
        SqlKind kind = operator.getKind();
        if (COMPARISONS.contains(kind) || OTHER_KINDS.contains(kind)) {
            return true;
        }
        return (kind == SqlKind.OTHER_FUNCTION || kind == SqlKind.OTHER)
                && FUNCTIONS.contains(operator.getName().toUpperCase(Locale.ROOT));
    }
}
