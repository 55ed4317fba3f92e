package io.quanyun.supervision;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.EventListener;

import io.quanyun.shared.Zones;

/** A movable clock and an event recorder for the supervision tests only. */
@TestConfiguration(proxyBeanMethods = false)
class SupervisionTestConfiguration {

    @Bean
    @Primary
    MutableClock mutableClock() {
        return new MutableClock(Instant.now());
    }

    @Bean
    RecordedEvents recordedEvents() {
        return new RecordedEvents();
    }

    @Bean
    SupervisedOperators supervisedOperators(io.quanyun.identity.IdentityManagement identity,
            io.quanyun.authorization.AuthorizationManagement authorization,
            io.quanyun.authorization.AgreementManagement agreements, io.quanyun.access.AccessManagement access,
            SupervisionManagement supervision, io.quanyun.catalog.DatasetDirectory datasets, MutableClock clock,
            io.quanyun.catalog.ConsentRegistry consents, io.quanyun.catalog.vault.Vault vault) {
        return new SupervisedOperators(new SupervisedOperator.Platform(identity, authorization, agreements, access,
                supervision, datasets, clock, consents, vault));
    }

    /** The supervision tests' own operators, made once per label and context. */
    static final class SupervisedOperators {

        private final SupervisedOperator.Platform platform;
        private final java.util.Map<String, SupervisedOperator> made = new java.util.concurrent.ConcurrentHashMap<>();

        SupervisedOperators(SupervisedOperator.Platform platform) {
            this.platform = platform;
        }

        SupervisedOperator.Platform platform() {
            return platform;
        }

        synchronized SupervisedOperator get(String label) {
            return made.computeIfAbsent(label, l -> SupervisedOperator.create(platform, l));
        }
    }

    /** A clock that only moves forward, when a test says so. */
    static final class MutableClock extends Clock {

        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration duration) {
            now.updateAndGet(n -> n.plus(duration));
        }

        /** Moves to the next moment at {@code time} on a weekday (Beijing time), at least one minute ahead. */
        void advanceToWeekday(LocalTime time) {
            ZonedDateTime next = now.get().atZone(Zones.SHANGHAI).plusMinutes(1).with(time);
            while (!next.toInstant().isAfter(now.get()) || next.getDayOfWeek() == DayOfWeek.SATURDAY
                    || next.getDayOfWeek() == DayOfWeek.SUNDAY) {
                next = next.plusDays(1);
            }
            now.set(next.toInstant());
        }

        @Override
        public ZoneId getZone() {
            return Zones.SHANGHAI;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(now.get(), zone);
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    /** Every supervision event published, in order. */
    static final class RecordedEvents {

        private final List<Object> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(RectificationOrdered event) {
            events.add(event);
        }

        @EventListener
        void on(RectificationAccepted event) {
            events.add(event);
        }

        @EventListener
        void on(RectificationRejected event) {
            events.add(event);
        }

        @EventListener
        void on(RectificationFailed event) {
            events.add(event);
        }

        @EventListener
        void on(CriticalAlertRaised event) {
            events.add(event);
        }

        @EventListener
        void on(TrainingLapsed event) {
            events.add(event);
        }

        @EventListener
        void on(EvaluationFailed event) {
            events.add(event);
        }

        <T> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }
}
