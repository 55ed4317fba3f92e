package io.quanyun.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.audit.Outcome;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.Role;

/**
 * Monitoring costs what the new audit entries cost: a long run of product calls is evaluated from the entries the
 * rules count kept between evaluations, without reading the windows' earlier entries from the log again, and
 * still counts the earlier "not found" answers of its windows.
 */
@SupervisionTest
class MonitoringCostTests {

    @Autowired SupervisionManagement supervision;
    @Autowired ActivityRules activity;
    @Autowired MonitoringRules rules;
    @Autowired AuditTrail audit;
    @Autowired TransactionTemplate transactions;
    @Autowired JdbcClient jdbc;
    @Autowired io.quanyun.support.MutableClock clock;

    List<AlertView> evaluate() {
        return Actors.runAs(Actor.system(), supervision::evaluateMonitoring);
    }

    List<AlertView> alerts(String subject) {
        return Actors.runAs(Actor.system(), supervision::alerts).stream()
                .filter(a -> a.rule() == MonitoringRuleCode.VERIFICATION_ENUMERATION && a.subject().equals(subject))
                .toList();
    }

    /** Product calls of the caller over the API, as the calls endpoint records them: found, or not. */
    void calls(Actor caller, int found, int notFound) {
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < found + notFound; i++) {
            events.add(new AuditEvent(caller, "product.call", "product", "cost-product", Outcome.SUCCESS, null,
                    Map.of("answer", i < notFound ? "NOT_FOUND" : "FOUND", "fields", "district")));
        }
        transactions.executeWithoutResult(s -> audit.recordAll(events));
    }

    @Test
    void ordinaryProductCalls_areEvaluated_withoutReadingTheWindowAgain() {
        String name = "api-key:cost-" + UUID.randomUUID();
        Actor caller = new Actor(null, name, null, "", null, Set.of(), null);
        MonitoringRule rule = rules.findById(MonitoringRuleCode.VERIFICATION_ENUMERATION).orElseThrow();
        int threshold = rule.threshold();
        clock.advanceToWeekday(LocalTime.of(10, 0));
        evaluate();
        calls(caller, 10, 0);
        evaluate(); // continues where the last evaluation stopped: from here on nothing is read again
        long read = activity.contextEntriesRead();
        long head = activity.head();

        // 5,000 ordinary calls (no rule counts them) and, among them, one "not found" short of the threshold
        for (int round = 0; round < 5; round++) {
            calls(caller, 1_000, round < 4 ? (threshold - 1) / 4 + (round < (threshold - 1) % 4 ? 1 : 0) : 0);
            evaluate();
            assertThat(alerts(name)).isEmpty();
        }
        assertThat(activity.head() - head).isEqualTo(5_000 + threshold - 1);
        assertThat(activity.contextEntriesRead()).as("entries read again from the log").isEqualTo(read);

        // the next "not found" answer reaches the threshold with the earlier ones kept in memory
        calls(caller, 0, 1);
        evaluate();
        List<Long> notFound = jdbc.sql("select seq from audit_entry where actor = :actor and details like :answer "
                + "order by seq").param("actor", name).param("answer", "%NOT_FOUND%").query(Long.class).list();
        assertThat(notFound).hasSize(threshold);
        assertThat(alerts(name)).singleElement().satisfies(alert -> {
            assertThat(alert.occurrences()).isEqualTo(1);
            assertThat(alert.firstSeq()).isEqualTo(notFound.get(0));
            assertThat(alert.lastSeq()).isEqualTo(notFound.get(threshold - 1));
            assertThat(alert.detail()).isEqualTo(threshold + " verifications answered not found within " + rule.windowMinutes()
                    + " min (threshold "
                    + threshold + ")");
        });
        assertThat(activity.contextEntriesRead()).isEqualTo(read);
    }

    /**
     * Calls over the API are audited a group at a time ({@code product.calls}, with the group's count): the
     * enumeration rule counts the calls in a group, not the entries, so a caller whose "not found" answers reach
     * the threshold in few entries is matched, and one just under it is not.
     */
    @Test
    void groupedCallEntries_countEveryCallInThem() {
        MonitoringRule rule = rules.findById(MonitoringRuleCode.VERIFICATION_ENUMERATION).orElseThrow();
        int threshold = rule.threshold();
        String over = "api-key:group-over-" + UUID.randomUUID();
        String under = "api-key:group-under-" + UUID.randomUUID();
        clock.advanceToWeekday(LocalTime.of(10, 0));
        evaluate();
        List<AuditEvent> events = new ArrayList<>();
        for (String name : List.of(over, under)) {
            Actor caller = new Actor(null, name, null, "", null, Set.of(), null);
            int notFound = name.equals(over) ? threshold : threshold - 1;
            int first = notFound / 2;
            events.add(group(caller, "NOT_FOUND", first));
            events.add(group(caller, "MATCH", 40));
            events.add(group(caller, "NOT_FOUND", notFound - first));
        }
        transactions.executeWithoutResult(s -> audit.recordAll(events));
        evaluate();

        assertThat(alerts(over)).singleElement().satisfies(alert -> assertThat(alert.detail())
                .isEqualTo(threshold + " verifications answered not found within " + rule.windowMinutes()
                        + " min (threshold " + threshold + ")"));
        assertThat(alerts(under)).isEmpty();
    }

    private static AuditEvent group(Actor caller, String answer, int count) {
        StringBuilder calls = new StringBuilder();
        for (int i = 0; i < count; i++) {
            calls.append(i == 0 ? "" : ";").append(UUID.randomUUID()).append(" 2026-11-30T02:00:00.000Z h").append(i);
        }
        return new AuditEvent(caller, "product.calls", "product", "group-product", Outcome.SUCCESS, null,
                Map.of("answer", answer, "count", Integer.toString(count), "outcome", "ANSWERED",
                        "callFields", "id time subjectHash", "calls", calls.toString()));
    }

    /**
     * Over an afternoon crossing the end of working hours, with callers above and below the enumeration threshold,
     * operator staff active after 18:00 and export requests piling up, evaluated in small batches: the kept
     * context gives the same matches (rule, subject, occurrences, first and last sequence, detail) as reading the
     * window from the log for every batch, as the rules did before.
     */
    @Test
    void keptContext_givesTheSameMatches_asReadingTheWindowEveryTime() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<Actor> callers = List.of(caller("api-key:cost-a-" + tag), caller("api-key:cost-b-" + tag),
                caller("api-key:cost-c-" + tag));
        Actor engineer = new Actor(UUID.randomUUID(), "cost-engineer-" + tag, UUID.randomUUID(), "成本运营-" + tag,
                null, Set.of(Role.OPERATOR_ENGINEER), null);
        List<MonitoringRule> all = rules.findAllByOrderByCode();
        clock.advanceToWeekday(LocalTime.of(17, 20));
        long start = activity.head();
        ActivityRules incremental = new ActivityRules(jdbc);
        ActivityRules reference = new ActivityRules(jdbc);
        for (int round = 0; round < 16; round++) {
            List<AuditEvent> events = new ArrayList<>();
            for (int c = 0; c < callers.size(); c++) {
                int notFound = c == 0 ? 2 : c == 1 ? 7 : round % 3 == 0 ? 12 : 0;
                for (int i = 0; i < 10 + notFound; i++) {
                    events.add(new AuditEvent(callers.get(c), "product.call", "product", "cost-product",
                            Outcome.SUCCESS, null, Map.of("answer", i < notFound ? "NOT_FOUND" : "FOUND")));
                }
            }
            if (round % 2 == 0) {
                events.add(new AuditEvent(engineer, "sandbox.export.request", "export", "cost-export-" + round,
                        Outcome.SUCCESS, null, Map.of()));
                events.add(new AuditEvent(engineer, "product.register", "product", "cost-product-" + round,
                        Outcome.SUCCESS, null, Map.of()));
            }
            transactions.executeWithoutResult(s -> audit.recordAll(events));
            clock.advance(Duration.ofMinutes(3));
        }
        long after = start;
        int matched = 0;
        while (true) {
            reference.forget();
            ActivityRules.Evaluation expected = reference.evaluate(all, after, 37);
            ActivityRules.Evaluation actual = incremental.evaluate(all, after, 37);
            if (expected.entriesRead() == 0) {
                assertThat(actual.entriesRead()).isZero();
                break;
            }
            assertThat(actual).isEqualTo(expected);
            matched += actual.matches().size();
            after = actual.lastSeq();
        }
        assertThat(matched).as("matches compared").isGreaterThan(10);
        assertThat(incremental.contextEntriesRead()).isLessThan(reference.contextEntriesRead() / 10);
    }

    static Actor caller(String name) {
        return new Actor(null, name, null, "", null, Set.of(), null);
    }
}
