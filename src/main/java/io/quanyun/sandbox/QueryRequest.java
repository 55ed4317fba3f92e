package io.quanyun.sandbox;

import static java.util.Objects.requireNonNull;

import io.quanyun.sandbox.engine.RowFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * One analyst query.
 *
 * @param grant the grant the query runs under
 * @param tableFiles for each granted table, the Parquet file the vault made readable for this query
 * @param sql the analyst's text; never forwarded to an engine
 * @param timeout the longest the engine may run
 * @param tableVersions for each table, a stable label of the data it reads (dataset and version);
 *     recorded answers are keyed by it, so a new version is a new question
 * @param rowFilters for some tables, the only rows the grant may see (consent, Art. 6); the engine applies
 *     them in the tables' own definitions, so joins and derived tables see only those rows; a new set of
 *     allowed rows is a new question
 * @param oneRowPerUnit the tables whose file holds at most one row per privacy unit (measured on the file,
 *     no null unit); the rewrite then needs no per-person bounding for them
 * @param workspace the workspace the query runs in (the grant's id unless given): the engine may reuse what it
 *     opened for the workspace's earlier queries over the same files ({@code AnalyticEngine})
 */
public record QueryRequest(SandboxGrant grant, Map<String, Path> tableFiles, String sql, Duration timeout,
        Map<String, String> tableVersions, Map<String, RowFilter> rowFilters, Set<String> oneRowPerUnit,
        String workspace) {

    public QueryRequest {
        tableVersions = Map.copyOf(requireNonNull(tableVersions, "tableVersions is null"));
        requireNonNull(grant, "grant is null");
        tableFiles = Map.copyOf(requireNonNull(tableFiles, "tableFiles is null"));
        requireNonNull(sql, "sql is null");
        requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        rowFilters = Map.copyOf(requireNonNull(rowFilters, "rowFilters is null"));
        oneRowPerUnit = Set.copyOf(requireNonNull(oneRowPerUnit, "oneRowPerUnit is null"));
        requireNonNull(workspace, "workspace is null");
        if (workspace.isBlank()) {
            throw new IllegalArgumentException("workspace is blank");
        }
    }

    /** A request in the grant's workspace. */
    public QueryRequest(SandboxGrant grant, Map<String, Path> tableFiles, String sql, Duration timeout,
            Map<String, String> tableVersions, Map<String, RowFilter> rowFilters, Set<String> oneRowPerUnit) {
        this(grant, tableFiles, sql, timeout, tableVersions, rowFilters, oneRowPerUnit,
                requireNonNull(grant, "grant is null").grantId());
    }

    /** A request without row filters, no table known to hold one row per unit. */
    public QueryRequest(SandboxGrant grant, Map<String, Path> tableFiles, String sql, Duration timeout,
            Map<String, String> tableVersions) {
        this(grant, tableFiles, sql, timeout, tableVersions, Map.of(), Set.of());
    }

    /** A request whose data versions are named by the files' paths. */
    public QueryRequest(SandboxGrant grant, Map<String, Path> tableFiles, String sql, Duration timeout) {
        this(grant, tableFiles, sql, timeout, pathsAsVersions(tableFiles));
    }

    private static Map<String, String> pathsAsVersions(Map<String, Path> tableFiles) {
        var versions = new java.util.HashMap<String, String>();
        requireNonNull(tableFiles, "tableFiles is null").forEach((table, path) -> versions.put(table, path.toString()));
        return versions;
    }

    /** A request with a 30 second timeout. */
    public static QueryRequest of(SandboxGrant grant, Map<String, Path> tableFiles, String sql) {
        return new QueryRequest(grant, tableFiles, sql, Duration.ofSeconds(30));
    }

    /** The same request with row filters. */
    public QueryRequest withRowFilters(Map<String, RowFilter> filters) {
        return new QueryRequest(grant, tableFiles, sql, timeout, tableVersions, filters, oneRowPerUnit, workspace);
    }

    /** The same request, knowing which tables hold one row per privacy unit. */
    public QueryRequest withOneRowPerUnit(Set<String> tables) {
        return new QueryRequest(grant, tableFiles, sql, timeout, tableVersions, rowFilters, tables, workspace);
    }

    /** The same request, run in the given workspace. */
    public QueryRequest inWorkspace(String workspaceKey) {
        return new QueryRequest(grant, tableFiles, sql, timeout, tableVersions, rowFilters, oneRowPerUnit,
                workspaceKey);
    }
}
