package io.quanyun.product;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.quanyun.catalog.ConsentChanged;
import io.quanyun.catalog.ConsentRegistry;
import io.quanyun.catalog.ConsentSet;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.Zones;

/**
 * Product calls' consent answers (does a consent record cover the subject for the product's purpose and operator,
 * today), answered from memory so that a call does not query the registry:
 * <ul>
 * <li>from the registry's {@link ConsentSet} of the purpose and operator for the day (every consenting subject's
 * keyed hash, sorted; a binary search), read once per purpose, operator and day by one caller while the others
 * wait, and dropped on a bulk change;</li>
 * <li>for a subject whose consent changed alone ({@link ConsentChanged} with its hash) since the set was read, from
 * the registry, the answer then kept per subject hash.</li>
 * </ul>
 * Evicted at once on {@link ConsentChanged} (in the recording transaction and again when it completes); a
 * generation counter keeps a call that read the registry before a change from keeping its stale answer or set
 * after the eviction. Answers are for one day (validity periods are in days, Asia/Shanghai); at most
 * {@value #MAX_ENTRIES} per-subject answers or changed subjects, then all are dropped and read again as calls come.
 */
@Component
class ConsentAnswers {

    static final int MAX_ENTRIES = 2_000_000;

    private record Key(String purpose, UUID operatorId) {
    }

    private final ConsentRegistry consents;
    private final Clock clock;
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong setsRead = new AtomicLong();
    private volatile Day day = new Day(LocalDate.MIN);

    /**
     * One day's answers: per subject hash its answers per purpose and operator (a small immutable map, replaced on
     * change); the consenting sets per purpose and operator; the subjects whose consent changed alone since.
     */
    private record Day(LocalDate date, long fromMillis, long untilMillis,
            ConcurrentMap<String, java.util.Map<Key, Boolean>> answers,
            ConcurrentMap<Key, CompletableFuture<ConsentSet>> sets, Set<String> changed) {
        Day(LocalDate date) {
            this(date, date.equals(LocalDate.MIN) ? Long.MIN_VALUE : startOf(date),
                    date.equals(LocalDate.MIN) ? Long.MIN_VALUE : startOf(date.plusDays(1)), new ConcurrentHashMap<>(),
                    new ConcurrentHashMap<>(), ConcurrentHashMap.newKeySet());
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
        if (!today.changed().contains(subjectHash)) {
            ConsentSet set = set(today, key);
            if (set != null) {
                return set.contains(subjectHash);
            }
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

    /**
     * The day's consenting set of the purpose and operator: read by the first caller that needs it, the others
     * waiting for that read; not kept when a change came while it was read (the callers then still use it, as
     * they would an answer read just before the change). Null when the set is not for this day (midnight passed).
     */
    private @Nullable ConsentSet set(Day today, Key key) {
        CompletableFuture<ConsentSet> held = today.sets().get(key);
        if (held == null) {
            CompletableFuture<ConsentSet> mine = new CompletableFuture<>();
            held = today.sets().putIfAbsent(key, mine);
            if (held == null) {
                long seen = generation.get();
                try {
                    ConsentSet read = Actors.runAs(Actor.system(),
                            () -> consents.consentingSet(key.purpose(), key.operatorId()));
                    mine.complete(read);
                    if (generation.get() != seen || !read.day().equals(today.date())) {
                        today.sets().remove(key, mine);
                    }
                    setsRead.incrementAndGet();
                    return read.day().equals(today.date()) ? read : null;
                } catch (RuntimeException e) {
                    today.sets().remove(key, mine);
                    mine.completeExceptionally(e);
                    throw e;
                }
            }
        }
        ConsentSet set = held.join();
        return set.day().equals(today.date()) ? set : null;
    }

    /** How many consenting sets were read from the registry (for tests). */
    long setsRead() {
        return setsRead.get();
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
            today.sets().clear();
            today.answers().clear();
            today.changed().clear(); // a set read from now on holds every change committed before it
        } else {
            if (today.changed().size() >= MAX_ENTRIES) {
                today.sets().clear();
                today.changed().clear();
            }
            today.changed().add(event.subjectHash());
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
