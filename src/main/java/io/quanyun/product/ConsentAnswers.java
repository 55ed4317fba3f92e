package io.quanyun.product;

import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.quanyun.catalog.ConsentChanged;
import io.quanyun.catalog.ConsentRegistry;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.Zones;

/**
 * Product calls' consent answers (does a consent record cover the subject for the product's purpose and operator,
 * today), kept in memory per subject hash so that a call does not query the registry. Evicted at once on
 * {@link ConsentChanged} (in the recording transaction and again when it completes); a generation counter keeps
 * a call that read the registry before a change from storing its stale answer after the eviction. Answers are for
 * one day (validity periods are in days, Asia/Shanghai); at most {@value #MAX_ENTRIES} answers, then all are
 * dropped and reloaded as calls come.
 */
@Component
class ConsentAnswers {

    static final int MAX_ENTRIES = 2_000_000;

    private record Key(String purpose, UUID operatorId) {
    }

    private final ConsentRegistry consents;
    private final Clock clock;
    private final AtomicLong generation = new AtomicLong();
    private volatile Day day = new Day(LocalDate.MIN);

    /** Per subject hash, its answers per purpose and operator (a small immutable map, replaced on change). */
    private record Day(LocalDate date, long fromMillis, long untilMillis,
            ConcurrentMap<String, java.util.Map<Key, Boolean>> answers) {
        Day(LocalDate date) {
            this(date, date.equals(LocalDate.MIN) ? Long.MIN_VALUE : startOf(date),
                    date.equals(LocalDate.MIN) ? Long.MIN_VALUE : startOf(date.plusDays(1)), new ConcurrentHashMap<>());
        }

        private static long startOf(LocalDate date) {
            return date.atStartOfDay(Zones.SHANGHAI).toInstant().toEpochMilli();
        }
    }

    ConsentAnswers(ConsentRegistry consents, Clock clock) {
        this.consents = consents;
        this.clock = clock;
    }

    /** Whether a consent record covers the subject (identifier, and its keyed hash) today. */
    boolean consented(String identifier, String subjectHash, String purpose, UUID operatorId) {
        Day today = today();
        Key key = new Key(purpose, operatorId);
        java.util.Map<Key, Boolean> subject = today.answers().get(subjectHash);
        Boolean known = subject == null ? null : subject.get(key);
        if (known != null) {
            return known;
        }
        long seen = generation.get();
        boolean answer = Actors.runAs(Actor.system(), () -> consents.hasConsented(identifier, purpose, operatorId));
        if (today.answers().size() >= MAX_ENTRIES) {
            today.answers().clear();
        }
        today.answers().compute(subjectHash, (hash, old) -> {
            java.util.Map<Key, Boolean> next = old == null ? new java.util.HashMap<>(2) : new java.util.HashMap<>(old);
            next.put(key, answer);
            return java.util.Map.copyOf(next);
        });
        if (generation.get() != seen) {
            today.answers().remove(subjectHash); // a change came while the registry was read: keep nothing read
        }
        return answer;
    }

    @EventListener
    void on(ConsentChanged event) {
        forget(event);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    forget(event);
                }
            });
        }
    }

    private void forget(ConsentChanged event) {
        generation.incrementAndGet();
        Day today = day;
        if (event.subjectHash() == null) {
            today.answers().clear();
        } else {
            today.answers().remove(event.subjectHash());
        }
    }

    private Day today() {
        long now = clock.millis();
        Day current = day;
        if (now >= current.fromMillis() && now < current.untilMillis()) {
            return current; // no date arithmetic per call
        }
        LocalDate date = java.time.Instant.ofEpochMilli(now).atZone(Zones.SHANGHAI).toLocalDate();
        if (!current.date().equals(date)) {
            current = new Day(date);
            day = current;
            generation.incrementAndGet();
        }
        return current;
    }
}
