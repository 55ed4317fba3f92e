package io.quanyun.supervision;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.EventListener;

import io.quanyun.support.MutableClock;

/** A movable clock ({@link io.quanyun.support.MutableClock}) and an event recorder for the supervision tests. */
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
