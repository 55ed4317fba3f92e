package io.quanyun.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.audit.Outcome;
import io.quanyun.shared.Actor;

/**
 * Measures the CPU of one monitoring evaluation of a 20,000-entry batch of product calls over 100,000+ earlier
 * product calls (1% of them "not found" answers spread over 200 callers). Not part of the suite: run alone with
 * {@code -Dtest=MonitoringCostHarness -Dquanyun.monitoring.harness=true} (it appends 160,000 audit entries).
 */
@SupervisionTest
@EnabledIfSystemProperty(named = "quanyun.monitoring.harness", matches = "true")
class MonitoringCostHarness {

    @Autowired ActivityRules activity;
    @Autowired MonitoringRules rules;
    @Autowired AuditTrail audit;
    @Autowired TransactionTemplate transactions;
    @Autowired io.quanyun.support.MutableClock clock;

    void calls(int count, int offset) {
        for (int from = 0; from < count; from += 2_000) {
            List<AuditEvent> events = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 2_000); i++) {
                int n = offset + i;
                Actor caller = new Actor(UUID.nameUUIDFromBytes(("harness-" + n % 200).getBytes()),
                        "harness-caller-" + n % 200, null, "harness-org", null, Set.of(), null);
                events.add(new AuditEvent(caller, "product.call", "product", "harness-product", Outcome.SUCCESS,
                        null, Map.of("answer", n % 100 == 0 ? "NOT_FOUND" : "FOUND", "fields", "name")));
            }
            transactions.executeWithoutResult(s -> audit.recordAll(events));
            clock.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void oneBatchOf20000_over100000EntriesOfContext() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<MonitoringRule> all = rules.findAllByOrderByCode();
        long start = activity.head();
        calls(100_000, 0);
        // continues from where the job stopped before the context: the first evaluation after a start
        long t0 = System.nanoTime();
        long c0 = threads.getCurrentThreadCpuTime();
        ActivityRules.Evaluation first = activity.evaluate(all, start, 100_000);
        System.out.printf("HARNESS first evaluation (100000 entries, no earlier context): cpu %d ms, wall %d ms%n",
                (threads.getCurrentThreadCpuTime() - c0) / 1_000_000, (System.nanoTime() - t0) / 1_000_000);
        long after = first.lastSeq();
        for (int round = 0; round < 3; round++) {
            calls(20_000, 100_000 + round * 20_000);
            t0 = System.nanoTime();
            c0 = threads.getCurrentThreadCpuTime();
            ActivityRules.Evaluation evaluation = activity.evaluate(all, after, 20_000);
            System.out.printf("HARNESS batch %d: %d entries over %d earlier entries: cpu %d ms, wall %d ms, "
                    + "%d matches%n", round + 1, evaluation.entriesRead(), after - start,
                    (threads.getCurrentThreadCpuTime() - c0) / 1_000_000, (System.nanoTime() - t0) / 1_000_000,
                    evaluation.matches().size());
            assertThat(evaluation.entriesRead()).isEqualTo(20_000);
            after = evaluation.lastSeq();
        }
    }
}
