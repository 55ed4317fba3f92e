package io.quanyun.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.quanyun.catalog.ConsentRegistry;
import io.quanyun.catalog.ConsentView;
import io.quanyun.catalog.RecordConsent;
import io.quanyun.catalog.SubjectKind;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;
import io.quanyun.support.PlatformTest;

/**
 * Product calls' consent answers come from the day's consenting set of the purpose and operator, read once and
 * shared by concurrent callers; a consent recorded or withdrawn for one subject is answered at once from the
 * registry for that subject without reading the set again; a bulk recording replaces the set. Every answer equals
 * the registry's own.
 */
@PlatformTest
class ConsentAnswersTests {

    @Autowired ConsentAnswers answers;
    @Autowired ConsentRegistry consents;
    @Autowired IdentityManagement identity;

    private final Random random = new Random(20261129);

    @Test
    void answersComeFromOneSetRead_singleChangesAnswerAtOnce_andBulkChangesReplaceTheSet() throws Exception {
        String purpose = "answers-" + UUID.randomUUID().toString().substring(0, 8);
        UUID operator = identity.organizationsOfType(OrganizationType.OPERATOR).get(0).id();
        List<String> consenting = identifiers(40);
        List<String> others = identifiers(10);
        bulk(purpose, operator, consenting);

        long before = answers.setsRead();
        // 16 callers at once, every subject several times: one set read, every answer the registry's
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<Boolean>> asked = new ArrayList<>();
            List<Boolean> expected = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (String id : consenting) {
                    asked.add(CompletableFuture.supplyAsync(() -> consented(id, purpose, operator), pool));
                    expected.add(true);
                }
                for (String id : others) {
                    asked.add(CompletableFuture.supplyAsync(() -> consented(id, purpose, operator), pool));
                    expected.add(false);
                }
            }
            List<Boolean> got = asked.stream().map(CompletableFuture::join).toList();
            assertThat(got).isEqualTo(expected);
        } finally {
            pool.shutdownNow();
        }
        assertThat(answers.setsRead() - before).as("sets read for 200 answers").isEqualTo(1);

        // one subject withdraws, another consents alone: answered at once, the set is not read again
        String withdrawing = consenting.get(0);
        ConsentView recorded = Actors.runAs(Actor.system(), () -> consents.consentsOf(withdrawing)).stream()
                .filter(c -> c.purpose().equals(purpose)).findFirst().orElseThrow();
        Actors.runAs(Actor.system(), () -> consents.withdraw(recorded.id()));
        String joining = others.get(0);
        Actors.runAs(Actor.system(), () -> consents.record(new RecordConsent(SubjectKind.PERSON, joining, purpose,
                operator, null, LocalDate.now().plusYears(1))));
        assertThat(consented(withdrawing, purpose, operator)).isFalse();
        assertThat(consented(joining, purpose, operator)).isTrue();
        assertThat(consented(consenting.get(1), purpose, operator)).isTrue();
        assertThat(consented(others.get(1), purpose, operator)).isFalse();
        assertThat(answers.setsRead() - before).isEqualTo(1);

        // a bulk recording: the set is read again and holds the new subjects, the single changes included
        bulk(purpose, operator, others.subList(1, 3));
        assertThat(consented(others.get(1), purpose, operator)).isTrue();
        assertThat(consented(others.get(2), purpose, operator)).isTrue();
        assertThat(consented(others.get(3), purpose, operator)).isFalse();
        assertThat(consented(withdrawing, purpose, operator)).isFalse();
        assertThat(consented(joining, purpose, operator)).isTrue();
        assertThat(answers.setsRead() - before).isEqualTo(2);

        // every answer equals the registry's own
        for (String id : concat(consenting, others)) {
            assertThat(consented(id, purpose, operator)).as(id)
                    .isEqualTo(Actors.runAs(Actor.system(), () -> consents.hasConsented(id, purpose, operator)));
        }
    }

    @Test
    void anotherPurposeOrOperator_isAnotherSet() {
        String purpose = "answers-other-" + UUID.randomUUID().toString().substring(0, 8);
        List<UUID> operators = identity.organizationsOfType(OrganizationType.OPERATOR).stream().map(o -> o.id())
                .toList();
        UUID operator = operators.get(0);
        List<String> people = identifiers(3);
        bulk(purpose, operator, people);
        assertThat(consented(people.get(0), purpose, operator)).isTrue();
        assertThat(consented(people.get(0), purpose + "-x", operator)).isFalse();
        if (operators.size() > 1) {
            assertThat(consented(people.get(0), purpose, operators.get(1))).isFalse();
        }
    }

    private boolean consented(String identifier, String purpose, UUID operator) {
        return answers.consented(identifier, consents.subjectHash().of(identifier), purpose, operator);
    }

    private void bulk(String purpose, UUID operator, List<String> identifiers) {
        StringBuilder csv = new StringBuilder("identifier\n");
        identifiers.forEach(id -> csv.append(id).append('\n'));
        Actors.runAs(Actor.system(), () -> consents.recordAll(SubjectKind.PERSON, purpose, operator, null,
                LocalDate.now().plusYears(1), new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8))));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Well-formed (GB 11643) identity numbers not used elsewhere. */
    private List<String> identifiers(int count) {
        List<String> ids = new ArrayList<>();
        while (ids.size() < count) {
            StringBuilder digits = new StringBuilder("3701");
            while (digits.length() < 17) {
                digits.append(random.nextInt(10));
            }
            String id = ProductApiTests.validIdNumber(digits.toString());
            assertThat(IdentityNumbers.isValid(id)).isTrue();
            ids.add(id);
        }
        return ids;
    }
}
