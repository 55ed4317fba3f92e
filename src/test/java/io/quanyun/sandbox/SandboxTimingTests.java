package io.quanyun.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanyun.sandbox.engine.DuckDbEngine;
import io.quanyun.sandbox.engine.DuckDbSettings;
import io.quanyun.sandbox.privacy.RandomSource;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Measures a warm end-to-end GROUP BY (parse, check, rewrite, generate, run, protect). */
class SandboxTimingTests {

    @Test
    void warmGroupBy_endToEnd(@TempDir Path directory) {
        var files = DemoData.write(directory);
        var sandbox = new SandboxQueries(new DuckDbEngine(DuckDbSettings.defaults()), RandomSource.secure());
        String sql = "SELECT p.district, COUNT(*) AS n, SUM(i.amount) AS total FROM person p "
                + "JOIN income i ON i.id_no = p.id_no GROUP BY p.district";
        for (int i = 0; i < 10; i++) {
            sandbox.run(QueryRequest.of(DemoData.thresholdGrant(), files, sql));
        }
        int runs = 20;
        long[] millis = new long[runs];
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            sandbox.run(QueryRequest.of(DemoData.thresholdGrant(), files, sql));
            millis[i] = (System.nanoTime() - started) / 1_000_000;
        }
        Arrays.sort(millis);
        System.out.printf("warm end-to-end GROUP BY: median %d ms, min %d ms, max %d ms%n",
                millis[runs / 2], millis[0], millis[runs - 1]);
        assertThat(millis[runs / 2]).isLessThan(2000);
    }
}
