package io.quanyun.sandbox.engine;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rows of a table the engine lets a query see, applied before anything else reads the table: only rows whose
 * key, computed from {@code column}, is one of {@code allowedKeys}. The sandbox uses it for consent (Art. 6): the
 * key is the consent registry's keyed subject hash of the privacy unit, the allowed keys are the hashes of the
 * subjects who consented to the grant's purpose for its operator.
 *
 * <p>Every engine applies the filter as the table's own definition, so derived tables built on the table and
 * joins with it see only the allowed rows too.
 *
 * @param column the column the key is computed from (lower-case identifier)
 * @param key how the engine computes the key from the quoted column; the expression may contain a secret, so it
 *     is never logged or shown
 * @param allowedKeys the keys whose rows stay visible; empty hides every row
 * @param appliedToFile whether the table's file already holds only the allowed rows (the sandbox's consent-filtered
 *     copy, see {@link DuckDbEngine#writeFiltered}); the engine then reads the file as it is. The filter stays with
 *     the query for its {@link #fingerprint()}, which does not depend on this flag
 */
public record RowFilter(String column, KeyExpression key, AllowedKeys allowedKeys, boolean appliedToFile) {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public RowFilter {
        requireNonNull(column, "column is null");
        if (!NAME.matcher(column).matches()) {
            throw new IllegalArgumentException("column must be a lower-case identifier");
        }
        requireNonNull(key, "key is null");
        requireNonNull(allowedKeys, "allowedKeys is null");
    }

    /** A filter the engine applies itself. */
    public RowFilter(String column, KeyExpression key, AllowedKeys allowedKeys) {
        this(column, key, allowedKeys, false);
    }

    /** A filter the engine applies itself, with keys in any order (checked and sorted here). */
    public RowFilter(String column, KeyExpression key, Set<String> allowedKeys) {
        this(column, key, AllowedKeys.of(allowedKeys), false);
    }

    /** The same filter, marked as already applied to the file the query reads. */
    public RowFilter markedApplied() {
        return new RowFilter(column, key, allowedKeys, true);
    }

    /** The engine expression computing a row's key from a quoted column reference. */
    @FunctionalInterface
    public interface KeyExpression {

        /**
         * @param quotedColumn the column as the engine quotes it
         * @return an expression of the engine's SQL yielding the key as lower-case hex text
         */
        String sql(String quotedColumn);
    }

    /**
     * A stable fingerprint of the filter (column and the sorted allowed keys), for recorded answers: a new set
     * of consenting subjects is a new question. Computed once per key set and column ({@link AllowedKeys}).
     */
    public String fingerprint() {
        return allowedKeys.fingerprint(column);
    }

    @Override
    public String toString() {
        return "RowFilter[" + column + ", " + allowedKeys.size() + " keys]";
    }
}
