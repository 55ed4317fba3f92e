package io.quanyun.sandbox.policy;

import io.quanyun.sandbox.Clamp;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.jspecify.annotations.Nullable;

/**
 * The shape of a checked aggregate query: one block per UNION ALL branch, each a final aggregate
 * with the nodes above it, and the operations above the blocks (applied after protection).
 */
record CheckedPlan(List<Block> blocks, List<TopOperation> topOperations) {

    /** A final aggregate and the projections and HAVING filters above it (top first). */
    record Block(Aggregate aggregate, List<RelNode> chain, List<MeasureCall> measures,
            List<ColumnSource> outputs) {
    }

    /** One aggregate call of the final aggregate. */
    record MeasureCall(MeasureKind kind, int argument, @Nullable Clamp clamp, boolean integral) {
    }

    /** What a block output column holds. */
    record ColumnSource(SourceKind kind, int index) {
    }

    /** Kinds of block output columns. */
    enum SourceKind {
        GROUP_KEY, MEASURE, CONSTANT
    }

    /** An operation applied to the released rows, in order. */
    sealed interface TopOperation permits Projection, Ordering {
    }

    /** Keep and reorder columns. */
    record Projection(List<Integer> fields) implements TopOperation {
    }

    /** ORDER BY, OFFSET and LIMIT. */
    record Ordering(List<RelFieldCollation> collations, long offset, long fetch) implements TopOperation {
    }
}
