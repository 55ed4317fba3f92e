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
 */
public record QueryRequest(SandboxGrant grant, Map<String, Path> tableFiles, String sql, Duration timeout) {

    public QueryRequest {
        requireNonNull(grant, "grant is null");
        tableFiles = Map.copyOf(requireNonNull(tableFiles, "tableFiles is null"));
        requireNonNull(sql, "sql is null");
        requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /** A request with a 30 second timeout. */
    public static QueryRequest of(SandboxGrant grant, Map<String, Path> tableFiles, String sql) {
        return new QueryRequest(grant, tableFiles, sql, Duration.ofSeconds(30));
    }
}
