package io.quanyun.access;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.annotation.Order;

import io.quanyun.catalog.DatasetDescriptor;
import io.quanyun.catalog.DatasetDirectory;
import io.quanyun.identity.AuthorityLevel;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.shared.OrganizationType;

/**
 * For the access tests only: an in-memory agreement source (with an agreement for {@code operator}'s company on
 * the five demo datasets, so the demo request is loaded), a clock the tests can move, and an event recorder.
 */
@TestConfiguration(proxyBeanMethods = false)
class AccessTestConfiguration {

    @Bean
    @Primary
    InMemoryAgreements inMemoryAgreements() {
        return new InMemoryAgreements();
    }

    @Bean
    @Primary
    MutableClock mutableClock() {
        return new MutableClock();
    }

    @Bean
    RecordedEvents recordedEvents() {
        return new RecordedEvents();
    }

    /** Runs after the demo identities and catalog, before the demo access data. */
    @Bean
    @Order(20)
    ApplicationRunner demoAgreement(InMemoryAgreements agreements, IdentityManagement identity,
            DatasetDirectory catalog, MutableClock clock) {
        return args -> {
            UUID operator = identity.organizationsOfType(OrganizationType.OPERATOR).stream()
                    .filter(o -> o.name().equals(DemoAccess.OPERATOR)).map(OrganizationView::id).findFirst()
                    .orElseThrow();
            UUID city = identity.organizationsOfType(OrganizationType.AUTHORITY).stream()
                    .filter(o -> o.authorityLevel() == AuthorityLevel.CITY).map(OrganizationView::id).findFirst()
                    .orElseThrow();
            Set<UUID> demo = catalog.published().stream()
                    .filter(d -> Set.of("person", "income", "clinic_visit", "vehicle", "enterprise").contains(d.code()))
                    .map(DatasetDescriptor::id).collect(Collectors.toSet());
            agreements.add(operator, city, demo, clock.instant().plus(Duration.ofDays(3 * 365)), true);
        };
    }
}
