package io.quanyun.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanyun.audit.AuditTrail;
import io.quanyun.catalog.demo.DemoDataGenerator;
import io.quanyun.catalog.vault.Vault;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.Zones;
import io.quanyun.support.MutableClock;
import io.quanyun.support.PlatformTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The consenting set the registry hands out per (purpose, operator): kept while the generation and the day are
 * the same, read afresh after every consent recorded or withdrawn (also by another registry instance, as another
 * node would), and after a consent's last day or before its first without any event.
 *
 * <p>Two registries over the same database stand for two nodes; each has its own clock (a {@link MutableClock}), so
 * days can pass without touching the application's clock.
 */
@PlatformTest
class ConsentSetTests {

    @Autowired JdbcClient jdbc;
    @Autowired AuditTrail audit;
    @Autowired IdentityManagement identity;
    @Autowired Vault vault;
    @Autowired CatalogManagement catalog;
    @Autowired ApplicationEventPublisher events;
    @Autowired PlatformTransactionManager transactions;
    @Value("${quanyun.demo.people}") int people;
    @Value("${quanyun.demo.seed:" + DemoDataGenerator.DEFAULT_SEED + "}") long seed;

    MutableClock clock;
    ConsentRegistry node1;
    ConsentRegistry node2;
    String purpose;
    UUID operator;
    List<String> ids;

    @BeforeEach
    void twoNodes() {
        // noon in Shanghai, so that a day passes exactly with advance(1 day)
        clock = new MutableClock(LocalDate.now(Zones.SHANGHAI).atTime(12, 0).atZone(Zones.SHANGHAI).toInstant());
        node1 = new ConsentRegistry(jdbc, audit, clock, identity, vault, catalog, events, transactions);
        node2 = new ConsentRegistry(jdbc, audit, clock, identity, vault, catalog, events, transactions);
        purpose = "set-test-" + UUID.randomUUID().toString().substring(0, 8);
        operator = system(() -> identity.organizationsOfType(OrganizationType.OPERATOR)).get(0).id();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DemoDataGenerator(seed, people).write("person", out);
        ids = Arrays.stream(out.toString(StandardCharsets.UTF_8).split("\n")).skip(1).map(l -> l.split(",")[0])
                .limit(40).toList();
    }

    @Test
    void theSet_isKeptWhileNothingChanges_andReadAfreshAfterEachRecordingAndWithdrawal_onEveryNode() {
        ConsentSet empty = system(() -> node1.consentingSet(purpose, operator));
        assertThat(empty.size()).isZero();
        assertThat(empty.generation()).isZero();

        ConsentView first = record(node2, ids.get(0), today(), today().plusDays(30));
        ConsentSet one = system(() -> node1.consentingSet(purpose, operator));
        assertThat(one).isNotSameAs(empty);
        assertThat(one.generation()).isEqualTo(1);
        assertThat(one.size()).isEqualTo(1);
        assertThat(one.contains(first.subjectHash())).isTrue();
        assertThat(system(() -> node1.consentingSet(purpose, operator))).as("unchanged: the same set").isSameAs(one);

        system(() -> node2.recordAll(SubjectKind.PERSON, purpose, operator, null, today().plusDays(30),
                new ByteArrayInputStream(("identifier\n" + String.join("\n", ids.subList(1, 11)) + "\n")
                        .getBytes(StandardCharsets.UTF_8))));
        ConsentSet eleven = system(() -> node1.consentingSet(purpose, operator));
        assertThat(eleven.generation()).as("one raise for the bulk").isEqualTo(2);
        assertThat(eleven.size()).isEqualTo(11);
        List<String> hashes = new ArrayList<>();
        eleven.forEachHash(hashes::add);
        assertThat(hashes).isSorted().doesNotHaveDuplicates().contains(first.subjectHash());

        system(() -> node2.withdraw(first.id()));
        ConsentSet ten = system(() -> node1.consentingSet(purpose, operator));
        assertThat(ten.generation()).isEqualTo(3);
        assertThat(ten.size()).isEqualTo(10);
        assertThat(ten.contains(first.subjectHash())).isFalse();
        // another purpose or operator has its own generation
        assertThat(system(() -> node1.generation(purpose + "-other", operator))).isZero();
    }

    @Test
    void aConsentPassingItsLastDay_orReachingItsFirst_changesTheSet_withoutAnyRecording() {
        ConsentView endsToday = record(node1, ids.get(20), today(), today());
        ConsentView startsTomorrow = record(node1, ids.get(21), today().plusDays(1), today().plusDays(10));
        ConsentSet today = system(() -> node2.consentingSet(purpose, operator));
        assertThat(today.contains(endsToday.subjectHash())).isTrue();
        assertThat(today.contains(startsTomorrow.subjectHash())).isFalse();
        long generation = today.generation();

        clock.advance(Duration.ofDays(1));
        ConsentSet tomorrow = system(() -> node2.consentingSet(purpose, operator));
        assertThat(tomorrow.generation()).as("no recording happened").isEqualTo(generation);
        assertThat(tomorrow.day()).isEqualTo(today.day().plusDays(1));
        assertThat(tomorrow.contains(endsToday.subjectHash())).as("expired at midnight").isFalse();
        assertThat(tomorrow.contains(startsTomorrow.subjectHash())).as("valid from today").isTrue();
    }

    @Test
    void hashesThatNoEngineCouldCompute_areLeftOut_andLookupIsExact() {
        String a = "0".repeat(63) + "1";
        String b = "f".repeat(64);
        ConsentSet set = ConsentSet.of("p", operator, 1, today(), List.of(b, a, b, "ABC", "0".repeat(63) + "G"));
        assertThat(set.size()).isEqualTo(2);
        List<String> hashes = new ArrayList<>();
        set.forEachHash(hashes::add);
        assertThat(hashes).containsExactly(a, b);
        assertThat(set.contains(a)).isTrue();
        assertThat(set.contains(b)).isTrue();
        assertThat(set.contains("0".repeat(64))).isFalse();
        assertThat(set.contains("ABC")).isFalse();
    }

    private ConsentView record(ConsentRegistry registry, String id, LocalDate from, LocalDate until) {
        return system(() -> registry.record(new RecordConsent(SubjectKind.PERSON, id, purpose, operator, from, until)));
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), Zones.SHANGHAI);
    }

    private static <T> T system(Supplier<T> action) {
        return Actors.runAs(Actor.system(), action::get);
    }
}
