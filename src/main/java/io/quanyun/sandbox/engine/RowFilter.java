package io.quanyun.sandbox.engine;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
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
public record RowFilter(String column, KeyExpression key, Set<String> allowedKeys, boolean appliedToFile) {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{1,128}");

    public RowFilter {
        requireNonNull(column, "column is null");
        if (!NAME.matcher(column).matches()) {
            throw new IllegalArgumentException("column must be a lower-case identifier");
        }
        requireNonNull(key, "key is null");
        allowedKeys = Set.copyOf(requireNonNull(allowedKeys, "allowedKeys is null"));
        for (String allowed : allowedKeys) {
            if (!KEY.matcher(allowed).matches()) {
                throw new IllegalArgumentException("allowed keys are lower-case hex");
            }
        }
    }

    /** A filter the engine applies itself. */
    public RowFilter(String column, KeyExpression key, Set<String> allowedKeys) {
        this(column, key, allowedKeys, false);
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
     * of consenting subjects is a new question.
     */
    public String fingerprint() {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(column.getBytes(StandardCharsets.UTF_8));
            for (String allowed : new TreeSet<>(allowedKeys)) {
                sha256.update((byte) '\n');
                sha256.update(allowed.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "RowFilter[" + column + ", " + allowedKeys.size() + " keys]";
    }
}
