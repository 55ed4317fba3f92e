package io.quanyun.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings bound to {@code quanyun.sandbox.*}.
 *
 * @param queryTimeout the longest one query may run on the engine
 * @param maxResultRows the most rows a released result may have
 * @param maxConcurrentQueries the most queries one workspace may run at the same time
 * @param maxRowsPerUnit in differential privacy mode, the most rows one person contributes to a query
 * @param engineMemory DuckDB's memory per query slot, for example {@code 512MB}: a workspace's DuckDB database,
 *     shared by its concurrent queries, gets this times {@code maxConcurrentQueries}
 * @param engineThreads DuckDB's threads of a workspace's database
 * @param selectionDelta in differential privacy mode, per block of a question, the probability that a group
 *     one person alone creates is released (private selection of group keys); in (0, 0.5)
 * @param filteredCopies the most consent-filtered copies held at once (least recently used dropped first)
 * @param filteredCopiesSize the most bytes all consent-filtered copies together may take in the memory-backed
 *     scratch space ({@code /dev/shm} holds half the memory by default; 2 GB leaves room for the decrypted versions
 *     and the engines' spill files); a copy over this alone serves only the query that wrote it
 * @param engineIdleTimeout a workspace's DuckDB database is closed after this long without a query
 * @param engineDatabases the most workspace DuckDB databases open at once (least recently used closed first)
 * @param measureBounds contribution bounds of numeric measures, {@code table.column -> lower:upper};
 *     a measure without bounds cannot be summed or averaged (rule {@code measure_without_bounds})
 */
@ConfigurationProperties("quanyun.sandbox")
public record SandboxSettings(
        @DefaultValue("30s") Duration queryTimeout,
        @DefaultValue("10000") int maxResultRows,
        @DefaultValue("2") int maxConcurrentQueries,
        @DefaultValue("5") int maxRowsPerUnit,
        @DefaultValue("1GB") String engineMemory,
        @DefaultValue("2") int engineThreads,
        @DefaultValue("1e-5") double selectionDelta,
        @DefaultValue("8") int filteredCopies,
        @DefaultValue("2GB") DataSize filteredCopiesSize,
        @DefaultValue("10m") Duration engineIdleTimeout,
        @DefaultValue("16") int engineDatabases,
        Map<String, String> measureBounds) {

    public SandboxSettings {
        measureBounds = measureBounds == null ? Map.of() : Map.copyOf(new TreeMap<>(measureBounds));
        if (maxResultRows < 1 || maxConcurrentQueries < 1 || maxRowsPerUnit < 1 || filteredCopies < 0
                || filteredCopiesSize.isNegative() || engineDatabases < 1 || engineIdleTimeout.isNegative()
                || engineIdleTimeout.isZero()) {
            throw new IllegalArgumentException("sandbox limits must be positive");
        }
    }

    /** The bounds as clamps; a malformed entry fails start-up. */
    Map<String, Clamp> clamps() {
        var clamps = new TreeMap<String, Clamp>();
        measureBounds.forEach((measure, bounds) -> {
            String[] parts = bounds.split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("quanyun.sandbox.measure-bounds[" + measure + "] must be lower:upper");
            }
            clamps.put(measure, Clamp.of(Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim())));
        });
        return clamps;
    }
}
