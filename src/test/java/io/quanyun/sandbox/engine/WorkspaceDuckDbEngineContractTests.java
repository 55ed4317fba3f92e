package io.quanyun.sandbox.engine;

import org.junit.jupiter.api.AfterAll;

/**
 * The engine contract on DuckDB's workspace databases: every query of the suite runs in one workspace, so after the
 * first each runs on a database that earlier queries (timed out, cancelled, failed) used.
 */
class WorkspaceDuckDbEngineContractTests extends AnalyticEngineContractTests {

    private final DuckDbEngine duckDb = new DuckDbEngine(DuckDbSettings.defaults());

    @Override
    protected AnalyticEngine engine() {
        return (query, cancellation) -> duckDb.run(query.inWorkspace("contract"), cancellation);
    }

    @AfterAll
    void closeEngine() {
        duckDb.close();
    }
}
