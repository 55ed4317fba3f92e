package io.quanyun.sandbox.engine;

import io.quanyun.sandbox.QueryFailed;

/**
 * Runs platform-generated SQL over registered tables. Implementations must give each query its own isolated
 * session (nothing one query defines or creates is visible to another, even of the same workspace), read only the
 * registered files, enforce the timeout, honour cancellation and map every engine error to {@link QueryFailed}
 * without the engine's text. An engine may keep what it opened for a workspace's query (a database, a cluster
 * session) for the workspace's next queries, provided it could read only exactly the same files under the same
 * limits, and must let it go on {@link #release(String)}. {@code AnalyticEngineContractTests} is the contract every
 * implementation passes.
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

    /**
     * The workspace's queries should no longer reuse anything the engine kept for it (its grant was suspended or
     * ended, or changed): the engine closes it as soon as the workspace's running queries have ended (the caller
     * cancels them first when they must stop at once), and opens anew for the workspace's next query. Engines that
     * keep nothing between queries do nothing.
     *
     * @param workspace the workspace key of {@link EngineQuery#workspace()}
     */
    default void release(String workspace) {
    }
}
