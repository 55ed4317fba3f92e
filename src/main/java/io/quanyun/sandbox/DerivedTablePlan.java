package io.quanyun.sandbox;

import static java.util.Objects.requireNonNull;

/**
 * A checked {@code CREATE TABLE name AS SELECT ...}. The derived table may hold row-level data; it
 * stays inside the workspace and is never shown to a person. Its columns carry the strictest
 * disclosure role of the columns they were computed from, so querying it is protected like its
 * sources.
 *
 * @param name the derived table's name
 * @param engineSql the SELECT the platform generated from the checked plan (never the user's text)
 * @param lineage the derived table as a granted table: columns with inherited roles and the
 *     privacy unit column carried over from its sources
 */
public record DerivedTablePlan(String name, String engineSql, GrantedTable lineage) {

    public DerivedTablePlan {
        requireNonNull(name, "name is null");
        requireNonNull(engineSql, "engineSql is null");
        requireNonNull(lineage, "lineage is null");
    }
}
