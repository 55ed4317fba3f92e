package io.quanyun.sandbox.engine;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A handle through which another thread cancels a running engine query (for example when a grant
 * is suspended). Cancelling before the query starts makes it fail as cancelled when it starts.
 */
public final class QueryCancellation {

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicReference<@Nullable Runnable> hook = new AtomicReference<>();

    /** Requests cancellation. */
    public void cancel() {
        cancelled.set(true);
        Runnable current = hook.get();
        if (current != null) {
            current.run();
        }
    }

    /** Whether cancellation was requested. */
    public boolean isCancelled() {
        return cancelled.get();
    }

    /**
     * For engines: what to run on cancellation while the query runs; {@code null} clears it. Runs
     * the action at once if cancellation was already requested.
     */
    public void onCancel(@Nullable Runnable action) {
        hook.set(action);
        if (action != null && cancelled.get()) {
            action.run();
        }
    }
}
