package io.quanyun.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.quanyun.shared.Actor;
import io.quanyun.shared.OrganizationType;
import io.quanyun.support.AuditedCalls;
import io.quanyun.support.PlatformTest;

/**
 * The call ledger's group commit under many callers at once (batches of every size): each caller returns, and
 * when it returns its meter row and its place in an audit entry are committed; no call is lost or audited twice.
 */
@PlatformTest
class CallLedgerConcurrencyTests {

    private static final int CALLERS = 64;
    private static final int CALLS_EACH = 40;

    @Autowired CallLedger ledger;
    @Autowired JdbcClient jdbc;

    @Test
    void concurrentCallers_eachReturnsWithItsMeterRowAndAuditPlace() throws Exception {
        UUID productId = UUID.randomUUID();
        UUID consumer = UUID.randomUUID();
        Actor caller = new Actor(null, "api-key:" + UUID.randomUUID(), consumer, "释放测试银行",
                OrganizationType.CONSUMER, Set.of(), "10.1.2.3");
        Set<UUID> ids = ConcurrentHashMap.newKeySet();
        Set<UUID> missingWhenReturned = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                done.add(callers.submit(() -> {
                    start.await();
                    for (int i = 0; i < CALLS_EACH; i++) {
                        Instant at = Instant.now();
                        UUID id = ProductCalls.newCallId(at.toEpochMilli());
                        ledger.record(new CallLedger.CallRecord(id, productId, null, null, consumer, at,
                                CallOutcome.ANSWERED, "MATCH", null, caller, null, null));
                        ids.add(id);
                        if (jdbc.sql("select count(*) from product_call where id = :id").param("id", id)
                                .query(Long.class).single() != 1) {
                            missingWhenReturned.add(id);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(ids).hasSize(CALLERS * CALLS_EACH);
        assertThat(missingWhenReturned).as("a caller returned before its meter row was committed").isEmpty();
        assertThat(AuditedCalls.of(jdbc, productId)).extracting(call -> UUID.fromString(call.id()))
                .containsExactlyInAnyOrderElementsOf(ids);
    }
}
