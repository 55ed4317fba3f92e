package io.quanyun.sandbox;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One analyst query.
 *
 * @param grant the grant the query runs under
 * @param tableFiles for each granted table, the Parquet file the vault made readable for this query
 * @param sql the analyst's text; never forwarded to an engine
 * @param timeout the longest the engine may run
 * @param tableVersions for each table, a stable label of the data it reads (dataset and version);
 *     recorded answers are keyed by it, so a new version is a new question
 */
public record QueryRequest(SandboxGrant grant, Map<String, Path> tableFiles, String sql, Duration timeout,
        Map<String, String> tableVersions) {

    public QueryRequest {
        tableVersions = Map.copyOf(requireNonNull(tableVersions, "tableVersions is null"));
        requireNonNull(grant, "grant is null");
        tableFiles = Map.copyOf(requireNonNull(tableFiles, "tableFiles is null"));
        requireNonNull(sql, "sql is null");
        requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
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
}
