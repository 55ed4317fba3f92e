package io.quanyun.sandbox.engine;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * Resource limits of each DuckDB query connection.
 *
 * @param memoryLimit DuckDB memory limit, for example {@code 512MB}
 * @param threads worker threads per query; at least 1
 */
public record DuckDbSettings(String memoryLimit, int threads) {

    private static final Pattern MEMORY = Pattern.compile("[0-9]{1,6}(KB|MB|GB)");

    public DuckDbSettings {
        requireNonNull(memoryLimit, "memoryLimit is null");
        if (!MEMORY.matcher(memoryLimit).matches()) {
            throw new IllegalArgumentException("memory limit must look like 512MB");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads below 1");
        }
    }

    /** 512 MB and one thread. */
    public static DuckDbSettings defaults() {
        return new DuckDbSettings("512MB", 1);
    }
}
