package io.quanyun.supervision;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recognizes differencing and tracker pairs among an analyst's queries (Art. 15 monitoring): two queries that
 * are the same text except for one predicate, either added (a tracker: {@code ... WHERE district = 'x'} then
 * {@code ... AND gender = 'y'}; a difference: the whole population, then the population without one person)
 * or turned round (the comparison or a {@code NOT} changed). Changing only a literal (2023 to 2024) is ordinary
 * exploration and does not count. The texts are compared as tokens, lower case, without comments, so spacing
 * and letter case make no difference.
 */
final class QueryShapes {

    /** The longest inserted predicate that still counts as "one predicate". */
    static final int MAXIMUM_PREDICATE_TOKENS = 16;

    private static final Set<String> COMPARISONS = Set.of("=", "<>", "!=", "<", ">", "<=", ">=", "like", "in",
            "between", "is", "not");
    private static final Set<String> CONNECTIVES = Set.of("where", "and", "or", "having");

    private QueryShapes() {
    }

    /** Whether the two queries differ in exactly one predicate, added or turned round. */
    static boolean differInOnePredicate(String first, String second) {
        List<String> a = tokens(first);
        List<String> b = tokens(second);
        if (a.equals(b) || a.isEmpty() || b.isEmpty()) {
            return false;
        }
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.size() - prefix && suffix < b.size() - prefix
                && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        List<String> onlyA = a.subList(prefix, a.size() - suffix);
        List<String> onlyB = b.subList(prefix, b.size() - suffix);
        boolean inPredicate = a.subList(0, prefix).stream().anyMatch(CONNECTIVES::contains);
        if (onlyA.isEmpty() || onlyB.isEmpty()) {
            List<String> inserted = onlyA.isEmpty() ? onlyB : onlyA;
            boolean negated = inPredicate && inserted.size() <= 2 && inserted.stream().allMatch(COMPARISONS::contains);
            return negated || isPredicate(inserted);
        }
        // the same place changed in both: counts when a comparison or a negation changed, within a predicate
        boolean comparisonChanged = onlyA.size() <= 3 && onlyB.size() <= 3
                && (onlyA.stream().anyMatch(COMPARISONS::contains) || onlyB.stream().anyMatch(COMPARISONS::contains));
        return inPredicate && comparisonChanged;
    }

    /** A run of tokens that reads as one added condition: starts or ends with a connective, holds a comparison. */
    private static boolean isPredicate(List<String> run) {
        if (run.size() < 3 || run.size() > MAXIMUM_PREDICATE_TOKENS) {
            return false;
        }
        boolean connected = CONNECTIVES.contains(run.get(0)) || CONNECTIVES.contains(run.get(run.size() - 1));
        boolean compares = run.stream().anyMatch(COMPARISONS::contains);
        return connected && compares;
    }

    /** The query's tokens: quoted literals whole, words and numbers, operators; lower case, without comments. */
    static List<String> tokens(String sql) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == ';') {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '\'' || c == '"') {
                int start = i++;
                while (i < n && sql.charAt(i) != c) {
                    i++;
                }
                i = Math.min(n, i + 1);
                String literal = sql.substring(start, i);
                tokens.add(c == '"' ? literal.toLowerCase(Locale.ROOT) : literal);
            } else if (Character.isLetterOrDigit(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                        || sql.charAt(i) == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                    i++;
                }
                tokens.add(sql.substring(start, i).toLowerCase(Locale.ROOT));
            } else if (i + 1 < n && Set.of("<>", "!=", "<=", ">=").contains(sql.substring(i, i + 2))) {
                tokens.add(sql.substring(i, i + 2));
                i += 2;
            } else {
                tokens.add(String.valueOf(c));
                i++;
            }
        }
        return tokens;
    }
}
