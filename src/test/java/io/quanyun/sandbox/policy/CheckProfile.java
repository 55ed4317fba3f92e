package io.quanyun.sandbox.policy;

import io.quanyun.sandbox.Clamp;
import io.quanyun.sandbox.ColumnType;
import io.quanyun.sandbox.DisclosureRole;
import io.quanyun.sandbox.GrantedColumn;
import io.quanyun.sandbox.GrantedTable;
import io.quanyun.sandbox.SandboxGrant;
import io.quanyun.sandbox.SandboxPolicy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Times the cold check (parse, validate, plan check, rewrite) over a few hundred distinct questions, warm JVM:
 * {@code java -cp ... io.quanyun.sandbox.policy.CheckProfile [questions] [rounds]}. Each question is asked by a
 * grant that never asked it, so the checked-statement cache never answers.
 */
public final class CheckProfile {

    private CheckProfile() {
    }

    public static List<String> questions(int count) {
        var list = new ArrayList<String>();
        String[] shapes = {
            "SELECT district, COUNT(*) AS n FROM person WHERE EXTRACT(YEAR FROM birth_date) > %d GROUP BY district",
            "SELECT FLOOR((2024 - EXTRACT(YEAR FROM birth_date)) / 10) * 10 AS band, COUNT(*) AS n FROM person "
                + "WHERE gender = '男' AND EXTRACT(YEAR FROM birth_date) < %d "
                + "GROUP BY FLOOR((2024 - EXTRACT(YEAR FROM birth_date)) / 10) * 10",
            "SELECT p.district, COUNT(*) AS n, SUM(i.amount) AS total FROM person p JOIN income i ON i.id_no = p.id_no "
                + "WHERE i.amount < 100000 + %d GROUP BY p.district",
            "SELECT gender, AVG(i.amount) AS a FROM person p JOIN income i ON i.id_no = p.id_no "
                + "WHERE i.amount > %d GROUP BY gender",
        };
        for (int i = 0; list.size() < count; i++) {
            list.add(String.format(Locale.ROOT, shapes[i % shapes.length], i));
        }
        return list;
    }

    static SandboxGrant grant(String id) {
        return new SandboxGrant(id, List.of(
                new GrantedTable("person", List.of(
                        GrantedColumn.of("id_no", ColumnType.TEXT, DisclosureRole.DIRECT_IDENTIFIER),
                        GrantedColumn.of("gender", ColumnType.TEXT, DisclosureRole.QUASI_IDENTIFIER),
                        GrantedColumn.of("birth_date", ColumnType.DATE, DisclosureRole.QUASI_IDENTIFIER),
                        GrantedColumn.of("district", ColumnType.TEXT, DisclosureRole.QUASI_IDENTIFIER)), "id_no"),
                new GrantedTable("income", List.of(
                        GrantedColumn.of("id_no", ColumnType.TEXT, DisclosureRole.DIRECT_IDENTIFIER),
                        GrantedColumn.of("year", ColumnType.INTEGER, DisclosureRole.PLAIN_ATTRIBUTE),
                        GrantedColumn.of("amount", ColumnType.DOUBLE, DisclosureRole.SENSITIVE_ATTRIBUTE)), "id_no")),
                SandboxPolicy.differentialPrivacy(Map.of("income.amount", Clamp.of(0, 1_000_000)), BigDecimal.ONE,
                        new BigDecimal("1000"), 3));
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> questions = questions(count);
        var checker = new QueryChecker();
        SandboxGrant grant = grant("profile-0");
        // warm-up: class loading and JIT
        for (int i = 0; i < 300; i++) {
            tryCheck(checker, questions.get(i % questions.size()) + " ", grant("warm-" + i));
        }
        for (int round = 0; round < rounds; round++) {
            double[] oneGrant = new double[count];
            for (int i = 0; i < count; i++) {
                // one grant, distinct questions (its cache never answers)
                String sql = questions.get(i) + " -- r" + round;
                long t = now();
                tryCheck(checker, sql, grant);
                oneGrant[i] = (now() - t) / 1e6;
            }
            double[] freshGrant = new double[count];
            for (int i = 0; i < count; i++) {
                // a fresh grant per question (the benchmark's cold check)
                long t = now();
                tryCheck(checker, questions.get(i), grant("fresh-" + round + "-" + i));
                freshGrant[i] = (now() - t) / 1e6;
            }
            System.out.printf(Locale.ROOT, "round %d: one grant median %.2f ms p90 %.2f; fresh grant median %.2f ms p90 %.2f"
                    + " (load %.2f)%n", round, percentile(oneGrant, 0.5), percentile(oneGrant, 0.9),
                    percentile(freshGrant, 0.5), percentile(freshGrant, 0.9),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        // side by side: Calcite's PlannerImpl (as before) against the lean conversion, parse + validate + rel only
        for (int round = 0; round < rounds; round++) {
            double[] before = new double[count];
            double[] after = new double[count];
            for (int i = 0; i < count; i++) {
                String sql = questions.get(i);
                SandboxGrant g = grant("side-" + round + "-" + i);
                long t = now();
                org.apache.calcite.tools.Planner planner = org.apache.calcite.tools.Frameworks.getPlanner(
                        org.apache.calcite.tools.Frameworks.newConfigBuilder()
                        .parserConfig(QueryChecker.PARSER)
                        .defaultSchema(GrantSchema.of(g, List.of()))
                        .sqlValidatorConfig(org.apache.calcite.sql.validate.SqlValidator.Config.DEFAULT
                                .withConformance(org.apache.calcite.sql.validate.SqlConformanceEnum.LENIENT)
                                .withIdentifierExpansion(true))
                        .build());
                try {
                    planner.rel(planner.validate(planner.parse(sql)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    planner.close();
                }
                before[i] = (now() - t) / 1e6;
                t = now();
                new QueryChecker.Conversion(GrantSchema.of(g, List.of())).convert(sql, new int[] {1, 1});
                after[i] = (now() - t) / 1e6;
            }
            System.out.printf(Locale.ROOT, "parse+validate+rel: PlannerImpl median %.2f ms, lean %.2f ms%n",
                    percentile(before, 0.5), percentile(after, 0.5));
        }
    }

    static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    /** CPU time of this thread with {@code -Dcpu=true} (load-independent), else wall time, in ns. */
    static long now() {
        return Boolean.getBoolean("cpu") ? CPU.getCurrentThreadCpuTime() : System.nanoTime();
    }

    static int refused;

    static void tryCheck(QueryChecker checker, String sql, SandboxGrant grant) {
        try {
            checker.check(sql, grant, List.of(), Set.of("person", "income"));
        } catch (io.quanyun.sandbox.QueryRefused e) {
            if (refused++ < 4) {
                System.out.println("refused " + e.rule() + ": " + sql);
            }
        }
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))];
    }
}
