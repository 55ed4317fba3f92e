package io.quanyun.sandbox.policy;

import java.util.List;
import java.util.Set;

/** Prints the engine SQL generated for a question of the benchmark grant (diagnostics). */
public final class ShowSql {

    private ShowSql() {
    }

    public static void main(String[] args) {
        var checked = new QueryChecker().check(args[0], CheckProfile.grant("show"), List.of(),
                Set.of("person", "income"));
        for (ProtectedBlock block : ((CheckedStatement.Query) checked).query().blocks()) {
            System.out.println(block.engineSql());
        }
    }
}
