package io.quanyun.sandbox.engine;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * Resource limits of each DuckDB database the engine opens: a workspace's database, shared by the workspace's
 * concurrent queries, or the database of one query outside a workspace.
 *
 * @param memoryLimit DuckDB memory limit of the database, for example {@code 512MB}
 * @param threads DuckDB threads of the database; at least 1
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

    /**
     * The memory limit multiplied by {@code factor} (for example a workspace's concurrent query slots), the threads
     * unchanged.
     */
    public DuckDbSettings withMemoryTimes(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("factor below 1");
        }
        String unit = memoryLimit.substring(memoryLimit.length() - 2);
        long amount = Long.parseLong(memoryLimit.substring(0, memoryLimit.length() - 2)) * factor;
        return new DuckDbSettings(amount + unit, threads);
    }

    /** 512 MB and one thread. */
    public static DuckDbSettings defaults() {
        return new DuckDbSettings("512MB", 1);
    }
}
