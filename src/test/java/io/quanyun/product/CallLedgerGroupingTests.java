package io.quanyun.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.Outcome;
import io.quanyun.shared.Actor;
import io.quanyun.shared.OrganizationType;

/**
 * The calls of one group commit are audited in one entry per kind of call: same caller (and client address),
 * product, outcome, answer, reason and model revision. Every call is listed in exactly one entry with its id,
 * time and subject hash; the entry's columns are exactly what its calls share.
 */
class CallLedgerGroupingTests {

    private static final Instant AT = Instant.parse("2026-11-29T02:03:04.567Z");
    private final UUID product = UUID.randomUUID();
    private final UUID otherProduct = UUID.randomUUID();
    private final UUID bankOrg = UUID.randomUUID();
    private final UUID bankKey = UUID.randomUUID();
    private final UUID bankSubscription = UUID.randomUUID();
    private final Actor bank = new Actor(null, "api-key:" + bankKey, bankOrg, "示范银行", OrganizationType.CONSUMER,
            Set.of(), "10.0.0.1");
    private final Actor bankOtherAddress = new Actor(null, "api-key:" + bankKey, bankOrg, "示范银行",
            OrganizationType.CONSUMER, Set.of(), "10.0.0.2");
    private final Actor anonymous = Actor.anonymous("10.9.9.9");

    private CallLedger.CallRecord answered(Actor caller, UUID productId, String answer, int n) {
        return new CallLedger.CallRecord(ProductCalls.newCallId(AT.toEpochMilli() + n), productId, bankSubscription,
                bankKey, bankOrg, AT.plusMillis(n), CallOutcome.ANSWERED, answer, "hash" + n, caller, null, null);
    }

    @Test
    void callsSharingEverythingButIdTimeAndSubject_areOneEntry_listingEachCall() {
        List<CallLedger.CallRecord> batch = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            batch.add(answered(bank, product, "MATCH", n));
        }
        List<AuditEvent> events = CallLedger.auditEvents(batch);

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo("product.calls");
            assertThat(event.actor()).isEqualTo(bank);
            assertThat(event.objectType()).isEqualTo("product");
            assertThat(event.objectId()).isEqualTo(product.toString());
            assertThat(event.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(event.reason()).isNull();
            assertThat(event.details()).containsEntry("count", "5").containsEntry("answer", "MATCH")
                    .containsEntry("outcome", "ANSWERED").containsEntry("callFields", "id time subjectHash")
                    .containsEntry("key", bankKey.toString())
                    .containsEntry("subscription", bankSubscription.toString());
            String[] calls = event.details().get("calls").split(";");
            assertThat(calls).hasSize(5);
            for (int n = 0; n < 5; n++) {
                assertThat(calls[n]).isEqualTo(batch.get(n).id() + " " + AT.plusMillis(n) + " hash" + n);
            }
        });
    }

    @Test
    void callsDifferingInCallerAddressProductOutcomeOrAnswer_areSeparateEntries_inOrderOfTheirFirstCall() {
        CallLedger.CallRecord refused = new CallLedger.CallRecord(ProductCalls.newCallId(AT.toEpochMilli()), product,
                null, null, null, AT, CallOutcome.KEY_INVALID, null, null, anonymous,
                "key_invalid: The API key is unknown, revoked or not for this product", null);
        CallLedger.CallRecord rate = new CallLedger.CallRecord(ProductCalls.newCallId(AT.toEpochMilli()), product,
                bankSubscription, bankKey, bankOrg, AT, CallOutcome.RATE_LIMITED, null, null, bank,
                "rate_limited: At most 5 calls per second", null);
        List<CallLedger.CallRecord> batch = List.of(answered(bank, product, "MATCH", 0), refused,
                answered(bank, product, "NOT_FOUND", 1), answered(bankOtherAddress, product, "MATCH", 2),
                answered(bank, otherProduct, "MATCH", 3), rate, answered(bank, product, "MATCH", 4), refused);

        List<AuditEvent> events = CallLedger.auditEvents(batch);

        assertThat(events).extracting(e -> e.details().get("count")).containsExactly("2", "2", "1", "1", "1", "1");
        assertThat(events.get(0).details().get("answer")).isEqualTo("MATCH");
        assertThat(events.get(1).actor()).isEqualTo(anonymous);
        assertThat(events.get(1).outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(events.get(1).reason()).startsWith("key_invalid: ");
        assertThat(events.get(1).details()).doesNotContainKeys("key", "subscription", "answer")
                .containsEntry("outcome", "KEY_INVALID");
        assertThat(events.get(1).details().get("calls")).endsWith(" -").contains(" -;");
        assertThat(events.get(2).details()).containsEntry("answer", "NOT_FOUND");
        assertThat(events.get(3).actor().clientAddress()).isEqualTo("10.0.0.2");
        assertThat(events.get(4).objectId()).isEqualTo(otherProduct.toString());
        assertThat(events.get(5).details()).containsEntry("outcome", "RATE_LIMITED");
        assertThat(events.get(5).reason()).isEqualTo("rate_limited: At most 5 calls per second");

        // every call listed exactly once
        List<String> listed = new ArrayList<>();
        for (AuditEvent event : events) {
            for (String call : event.details().get("calls").split(";")) {
                listed.add(call.substring(0, call.indexOf(' ')));
            }
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(batch.stream().map(c -> c.id().toString()).toList());
    }

    @Test
    void callTimes_areWrittenExactlyAsTheInstantFormatterWritesThem() {
        CallLedger.CallTimes times = new CallLedger.CallTimes();
        java.util.Random random = new java.util.Random(11);
        List<Instant> instants = new ArrayList<>(List.of(AT, AT.plusMillis(1), AT.plusMillis(433), AT.plusSeconds(1),
                Instant.parse("2026-12-31T23:59:59.999Z"), Instant.parse("2027-01-01T00:00:00Z"), Instant.EPOCH,
                Instant.parse("1969-12-31T23:59:59.001Z"), AT.plusNanos(999_999)));
        for (int i = 0; i < 2_000; i++) {
            instants.add(AT.plusNanos(random.nextLong(0, 3_000_000_000L)));
            instants.add(Instant.ofEpochMilli(random.nextLong(-5_000_000_000_000L, 5_000_000_000_000L)));
        }
        for (Instant at : instants) {
            StringBuilder written = new StringBuilder();
            times.append(written, at);
            assertThat(written.toString()).as("%s", at).isEqualTo(CallLedger.TIME.format(at));
        }
    }

    @Test
    void modelScoresOfDifferentRevisions_areSeparateEntries() {
        CallLedger.CallRecord first = new CallLedger.CallRecord(UUID.randomUUID(), product, bankSubscription, bankKey,
                bankOrg, AT, CallOutcome.ANSWERED, "SCORED", "h1", bank, null, 3);
        CallLedger.CallRecord second = new CallLedger.CallRecord(UUID.randomUUID(), product, bankSubscription, bankKey,
                bankOrg, AT, CallOutcome.ANSWERED, "SCORED", "h2", bank, null, 4);
        assertThat(CallLedger.auditEvents(List.of(first, second))).extracting(e -> e.details().get("modelRevision"))
                .containsExactly("3", "4");
    }
}
