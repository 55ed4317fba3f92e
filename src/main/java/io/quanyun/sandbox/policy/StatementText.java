package io.quanyun.sandbox.policy;

import io.quanyun.sandbox.QueryRefused;
import io.quanyun.sandbox.RefusalRule;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lexical facts about the analyst's text that Calcite's core parser cannot tell: whether it holds
 * more than one statement, and whether it is a {@code CREATE TABLE name AS query}. Nothing here
 * decides what is allowed beyond that; the query part always goes through Calcite.
 */
final class StatementText {

    private static final Pattern CREATE_TABLE_AS = Pattern.compile(
            "\\s*create\\s+table\\s+([a-z_][a-z0-9_]{0,62})\\s+as\\s+", Pattern.CASE_INSENSITIVE);

    /** A derived table definition: its name and the text of its query. */
    record CreateTableAs(String tableName, String query) {
    }

    private StatementText() {
    }

    /**
     * The text without one trailing semicolon; refuses text with a semicolon followed by anything
     * but white space or comments outside string literals, quoted identifiers and comments.
     */
    static String singleStatement(String sql) {
        int length = sql.length();
        int terminator = -1;
        int i = 0;
        while (i < length) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipQuoted(sql, i, c);
            } else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? length : end + 1;
            } else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? length : end + 2;
            } else if (c == ';') {
                if (terminator >= 0) {
                    throw new QueryRefused(RefusalRule.MULTIPLE_STATEMENTS);
                }
                terminator = i;
                i++;
            } else {
                if (terminator >= 0 && !Character.isWhitespace(c)) {
                    throw new QueryRefused(RefusalRule.MULTIPLE_STATEMENTS);
                }
                i++;
            }
        }
        return terminator < 0 ? sql : sql.substring(0, terminator);
    }

    /** The derived table definition, if the text starts with {@code CREATE TABLE name AS}. */
    static Optional<CreateTableAs> createTableAs(String statement) {
        Matcher matcher = CREATE_TABLE_AS.matcher(statement);
        if (!matcher.lookingAt()) {
            return Optional.empty();
        }
        return Optional.of(new CreateTableAs(matcher.group(1).toLowerCase(Locale.ROOT),
                statement.substring(matcher.end())));
    }

    /** Line and column shift of the query part inside the whole statement, for syntax errors. */
    static int[] lineAndColumnOf(String text, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    /**
     * Quotes the unquoted words that name a granted column but are reserved words of Calcite's
     * parser (the demo column {@code income.year}), so that {@code SELECT year FROM income} parses.
     * A word stays as written where it is used as a keyword: before an opening parenthesis (the
     * function {@code YEAR(d)}), after a string literal ({@code INTERVAL '1' YEAR}), after
     * {@code EXTRACT(} and after {@code TO} in an interval qualifier. Quoting never widens what a
     * query may reach: the quoted name is still resolved against the granted schema only.
     */
    static String quoteReservedColumns(String query, java.util.Set<String> columns,
            java.util.function.Predicate<String> reserved) {
        var out = new StringBuilder(query.length() + 8);
        int length = query.length();
        String previous = "";
        String beforePrevious = "";
        int i = 0;
        while (i < length) {
            char c = query.charAt(i);
            if (c == '\'' || c == '"') {
                int end = skipQuoted(query, i, c);
                out.append(query, i, end);
                beforePrevious = previous;
                previous = c == '\'' ? "'literal'" : "\"id\"";
                i = end;
            } else if (c == '-' && i + 1 < length && query.charAt(i + 1) == '-') {
                int end = query.indexOf('\n', i);
                end = end < 0 ? length : end + 1;
                out.append(query, i, end);
                i = end;
            } else if (c == '/' && i + 1 < length && query.charAt(i + 1) == '*') {
                int end = query.indexOf("*/", i + 2);
                end = end < 0 ? length : end + 2;
                out.append(query, i, end);
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < length && (Character.isLetterOrDigit(query.charAt(end)) || query.charAt(end) == '_')) {
                    end++;
                }
                String word = query.substring(i, end);
                String lower = word.toLowerCase(Locale.ROOT);
                int next = end;
                while (next < length && Character.isWhitespace(query.charAt(next))) {
                    next++;
                }
                boolean call = next < length && query.charAt(next) == '(';
                boolean keywordUse = call || previous.equals("'literal'") || previous.equals("to")
                        || (previous.equals("(") && beforePrevious.equals("extract"));
                if (!keywordUse && columns.contains(lower) && reserved.test(word.toUpperCase(Locale.ROOT))) {
                    out.append('"').append(lower).append('"');
                } else {
                    out.append(word);
                }
                beforePrevious = previous;
                previous = lower;
                i = end;
            } else {
                out.append(c);
                if (!Character.isWhitespace(c)) {
                    beforePrevious = previous;
                    previous = String.valueOf(c);
                }
                i++;
            }
        }
        return out.toString();
    }

    private static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }
}
