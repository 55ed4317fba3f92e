package io.quanyun.sandbox.engine;

import io.quanyun.sandbox.QueryFailed;

/**
 * Runs platform-generated SQL over registered tables. Implementations must use a fresh, isolated
 * session per query, read only the registered files, enforce the timeout, honour cancellation and
 * map every engine error to {@link QueryFailed} without the engine's text.
 * {@code AnalyticEngineContractTests} is the contract every implementation passes.
 */
public interface AnalyticEngine {

    /**
     * Runs one query.
     *
     * @param query generated SQL, tables and limits
     * @param cancellation lets another thread cancel the running query
     * @return all rows
     * @throws QueryFailed on timeout, cancellation or any engine error
     */
    EngineResult run(EngineQuery query, QueryCancellation cancellation);
}
