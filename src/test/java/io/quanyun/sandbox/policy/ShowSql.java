package io.quanyun.sandbox.policy;

import java.util.List;
import java.util.Set;

/**
 * Prints the engine SQL generated for a question (diagnostics): of {@code CheckProfile}'s grant, or with
 * {@code -Dgrant=bench} of the sandbox benchmark's grant (differential privacy, one row per person in both tables).
 */
public final class ShowSql {

    private ShowSql() {
    }

    public static void main(String[] args) {
        var grant = "bench".equals(System.getProperty("grant")) ? io.quanyun.sandbox.SandboxBenchmark.grant("show")
                : CheckProfile.grant("show");
        var checked = new QueryChecker().check(args[0], grant, List.of(),
                Set.of("person", "income"));
        for (ProtectedBlock block : ((CheckedStatement.Query) checked).query().blocks()) {
            System.out.println(block.engineSql());
        }
    }
}
