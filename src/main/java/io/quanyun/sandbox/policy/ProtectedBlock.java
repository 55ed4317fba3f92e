package io.quanyun.sandbox.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One final aggregate (one UNION ALL branch) ready to run: the generated engine SQL and how to
 * read its rows.
 *
 * @param engineSql SQL generated from the checked plan; contains no user text
 * @param columns the released columns of this block, in order
 * @param measures the protected aggregates
 * @param unitsColumn engine column holding the number of distinct persons of the group
 * @param keepColumn engine column telling whether the analyst's HAVING keeps the group; the engine
 *     returns every group so that suppression decisions see all of them
 * @param noiseShares how many equal shares of the query's epsilon this block's noise needs
 * @param unitSensitivity how many groups of this block one person can fall into (differential privacy)
 */
public record ProtectedBlock(String engineSql, List<BlockColumn> columns, List<ProtectedMeasure> measures,
        int unitsColumn, int keepColumn, int noiseShares, long unitSensitivity) {

    public ProtectedBlock {
        requireNonNull(engineSql, "engineSql is null");
        columns = List.copyOf(columns);
        measures = List.copyOf(measures);
    }

    /** A released column: a group key or constant read from an engine column, or a measure. */
    public record BlockColumn(Kind kind, int engineColumn, int measure) {

        /** What the column holds. */
        public enum Kind {
            /** A group key, released as computed. */
            GROUP_KEY,
            /** A constant of the query text. */
            CONSTANT,
            /** A protected aggregate; {@code measure} is its index in {@link ProtectedBlock#measures()}. */
            MEASURE
        }
    }
}
