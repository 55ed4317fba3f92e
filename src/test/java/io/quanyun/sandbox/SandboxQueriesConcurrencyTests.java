package io.quanyun.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanyun.sandbox.engine.DuckDbEngine;
import io.quanyun.sandbox.engine.DuckDbSettings;
import io.quanyun.sandbox.privacy.RandomSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parallel requests through the facade never overspend, and identical ones are charged once. */
class SandboxQueriesConcurrencyTests {

    static Map<String, Path> files;

    @BeforeAll
    static void writeDemoData(@TempDir Path directory) {
        files = DemoData.write(directory);
    }

    final SandboxQueries sandbox = new SandboxQueries(new DuckDbEngine(DuckDbSettings.defaults()),
            RandomSource.of(new DeterministicSecureRandom(3)));

    @Test
    void parallelDistinctQuestions_spendExactlyTheBudget() throws Exception {
        SandboxGrant grant = DemoData.differentialPrivacyGrant("parallel-distinct");
        int requests = 12;
        var outcomes = runInParallel(requests, i -> "SELECT COUNT(*) FROM person WHERE birth_date > DATE '19"
                + (60 + i) + "-01-01'", grant);

        long answered = outcomes.stream().filter(o -> o instanceof QueryResult).count();
        long exhausted = outcomes.stream().filter(o -> o instanceof QueryRefused r
                && r.rule() == RefusalRule.BUDGET_EXHAUSTED).count();
        assertThat(answered).isEqualTo(3);
        assertThat(exhausted).isEqualTo(requests - 3);
        assertThat(sandbox.remainingEpsilon(grant)).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void parallelIdenticalQuestions_areChargedOnceAndAnsweredAlike() throws Exception {
        SandboxGrant grant = DemoData.differentialPrivacyGrant("parallel-identical");
        var outcomes = runInParallel(8, i -> "SELECT gender, COUNT(*) FROM person GROUP BY gender", grant);

        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(QueryResult.class));
        assertThat(outcomes.stream().map(o -> ((QueryResult) o).rows()).distinct()).hasSize(1);
        assertThat(sandbox.remainingEpsilon(grant)).isEqualByComparingTo("2");
    }

    private java.util.List<Object> runInParallel(int requests, java.util.function.IntFunction<String> sql,
            SandboxGrant grant) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            var futures = new ArrayList<Future<Object>>();
            for (int i = 0; i < requests; i++) {
                String text = sql.apply(i);
                Callable<Object> task = () -> {
                    try {
                        return sandbox.run(QueryRequest.of(grant, files, text));
                    } catch (QueryRefused refused) {
                        return refused;
                    }
                };
                futures.add(pool.submit(task));
            }
            var outcomes = new ArrayList<Object>();
            for (Future<Object> future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
