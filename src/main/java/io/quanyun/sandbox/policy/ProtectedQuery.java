package io.quanyun.sandbox.policy;

import static java.util.Objects.requireNonNull;

import io.quanyun.sandbox.ResultColumn;
import io.quanyun.sandbox.policy.CheckedPlan.Ordering;
import io.quanyun.sandbox.policy.CheckedPlan.Projection;
import io.quanyun.sandbox.policy.CheckedPlan.TopOperation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;

/**
 * A checked aggregate query, rewritten for protection: the blocks to run (one per UNION ALL
 * branch), the released columns, and the ordering and projection the analyst asked for above the
 * aggregates, which are applied to the protected rows.
 *
 */
public final class ProtectedQuery {

    private final List<ResultColumn> columns;
    private final List<ProtectedBlock> blocks;
    private final String canonicalForm;
    private final List<TopOperation> topOperations;

    ProtectedQuery(List<ResultColumn> columns, List<ProtectedBlock> blocks, String canonicalForm,
            List<TopOperation> topOperations) {
        this.columns = List.copyOf(columns);
        this.blocks = List.copyOf(blocks);
        this.canonicalForm = requireNonNull(canonicalForm, "canonicalForm is null");
        this.topOperations = List.copyOf(topOperations);
    }

    /** The released columns. */
    public List<ResultColumn> columns() {
        return columns;
    }

    /** The blocks to run; their protected rows are concatenated in order. */
    public List<ProtectedBlock> blocks() {
        return blocks;
    }

    /** A text equal for cosmetic variants of the same question (generated SQL and ordering). */
    public String canonicalForm() {
        return canonicalForm;
    }

    /** How many equal shares of the query's epsilon the noise of all blocks needs. */
    public int noiseShares() {
        return blocks.stream().mapToInt(ProtectedBlock::noiseShares).sum();
    }

    /**
     * Applies the analyst's ORDER BY, OFFSET, LIMIT and final column selection to protected rows
     * (the concatenated block outputs).
     */
    public List<List<Object>> applyTopOperations(List<List<Object>> protectedRows) {
        List<List<Object>> rows = new ArrayList<>(protectedRows);
        for (TopOperation operation : topOperations) {
            if (operation instanceof Projection projection) {
                var projected = new ArrayList<List<Object>>();
                for (List<Object> row : rows) {
                    var out = new ArrayList<Object>();
                    for (int field : projection.fields()) {
                        out.add(row.get(field));
                    }
                    projected.add(out);
                }
                rows = projected;
            } else if (operation instanceof Ordering ordering) {
                rows.sort(comparator(ordering.collations()));
                int from = (int) Math.min(ordering.offset(), rows.size());
                int to = ordering.fetch() < 0 ? rows.size() : (int) Math.min(rows.size(), from + ordering.fetch());
                rows = new ArrayList<>(rows.subList(from, to));
            }
        }
        return rows;
    }

    private static Comparator<List<Object>> comparator(List<RelFieldCollation> collations) {
        Comparator<List<Object>> result = (a, b) -> 0;
        for (RelFieldCollation collation : collations) {
            int field = collation.getFieldIndex();
            boolean descending = collation.getDirection().isDescending();
            boolean nullsFirst = collation.nullDirection == RelFieldCollation.NullDirection.FIRST;
            result = result.thenComparing((a, b) -> {
                Object x = a.get(field);
                Object y = b.get(field);
                if (x == null || y == null) {
                    if (x == y) {
                        return 0;
                    }
                    return (x == null) == nullsFirst ? -1 : 1;
                }
                int order = compareValues(x, y);
                return descending ? -order : order;
            });
        }
        return result;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object x, Object y) {
        if (x instanceof Number a && y instanceof Number b) {
            return new java.math.BigDecimal(a.toString()).compareTo(new java.math.BigDecimal(b.toString()));
        }
        if (x instanceof Comparable comparable && x.getClass() == y.getClass()) {
            return comparable.compareTo(y);
        }
        return x.toString().compareTo(y.toString());
    }
}
