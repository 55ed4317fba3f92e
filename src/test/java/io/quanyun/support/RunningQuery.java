package io.quanyun.support;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.awaitility.Awaitility;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A sandbox query started on another thread and observed running, for tests that act on a query while it runs
 * (cancellation, suspension of the grant). {@link #awaitRunning} waits until the sandbox has recorded the query as
 * running (its history row with verdict {@code RUNNING}), and fails if the query ended before it was seen running,
 * so a test never acts on a query that is already over; {@link #outcome} waits for its end. No sleep decides
 * anything: each wait polls for an observed state within a bound. The query should be one that cannot finish on its
 * own within the test (e.g. a self-join on the privacy unit), so that only the test's act ends it.
 */
public final class RunningQuery<T> {

    private final JdbcClient jdbc;
    private final UUID workspace;
    private final List<UUID> before;
    private final CompletableFuture<T> run;

    private RunningQuery(JdbcClient jdbc, UUID workspace, Callable<T> query) {
        this.jdbc = jdbc;
        this.workspace = workspace;
        this.before = running();
        this.run = CompletableFuture.supplyAsync(() -> {
            try {
                return query.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Starts the query on another thread; the workspace must have no other query running. */
    public static <T> RunningQuery<T> start(JdbcClient jdbc, UUID workspace, Callable<T> query) {
        return new RunningQuery<>(jdbc, workspace, query);
    }

    /** Waits until the query is recorded as running in its workspace; returns its id. */
    public UUID awaitRunning(Duration within) {
        Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(25)).until(() -> {
            if (run.isDone()) {
                throw new AssertionError("the query ended before it was seen running: " + describe());
            }
            return !newlyRunning().isEmpty();
        });
        return newlyRunning().get(0);
    }

    /**
     * Waits for the query's end and maps it: the value it returned, or what {@code failure} makes of the exception it
     * threw (e.g. its error code).
     */
    public String outcome(Duration within, Function<T, String> answered, Function<Throwable, String> failure) {
        try {
            return answered.apply(run.get(within.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            return failure.apply(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the query was still running after " + within, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private List<UUID> newlyRunning() {
        return running().stream().filter(id -> !before.contains(id)).toList();
    }

    private List<UUID> running() {
        return jdbc.sql("select id from sandbox_query where workspace_id = :w and verdict = 'RUNNING'")
                .param("w", workspace).query(UUID.class).list();
    }

    private String describe() {
        try {
            return String.valueOf(run.getNow(null));
        } catch (Exception e) {
            return e.getCause() == null ? e.toString() : e.getCause().toString();
        }
    }
}
