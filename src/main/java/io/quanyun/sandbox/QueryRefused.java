package io.quanyun.sandbox;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;

/**
 * A query was refused by a privacy rule. The message is the rule's generic message; for a syntax
 * error it adds only the line and column. No cause is attached, so no engine or parser text leaks.
 */
public final class QueryRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final RefusalRule rule;
    private final int line;
    private final int column;

    /** A refusal by {@code rule}. */
    public QueryRefused(RefusalRule rule) {
        this(rule, 0, 0);
    }

    private QueryRefused(RefusalRule rule, int line, int column) {
        super(message(requireNonNull(rule, "rule is null"), line, column), null, false, false);
        this.rule = rule;
        this.line = line;
        this.column = column;
    }

    /** A syntax error at the given 1-based position. */
    public static QueryRefused syntaxErrorAt(int line, int column) {
        return new QueryRefused(RefusalRule.SYNTAX, Math.max(line, 1), Math.max(column, 1));
    }

    /** The rule that refused the query. */
    public RefusalRule rule() {
        return rule;
    }

    /** The line of a syntax error, if known. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** The column of a syntax error, if known. */
    public OptionalInt column() {
        return column > 0 ? OptionalInt.of(column) : OptionalInt.empty();
    }

    private static String message(RefusalRule rule, int line, int column) {
        if (line > 0) {
            return rule.chineseMessage() + "（第 " + line + " 行第 " + column + " 列） / "
                    + rule.englishMessage() + " (line " + line + ", column " + column + ")";
        }
        return rule.message();
    }
}
