package io.quanyun.sandbox.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanyun.sandbox.QueryRefused;
import io.quanyun.sandbox.RefusalRule;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PrivacyBudgetTests {

    @Test
    void spend_beyondTotal_isRefused() {
        var budget = new PrivacyBudget(new BigDecimal("1.0"));
        assertThat(budget.spend(new BigDecimal("0.3"))).isEqualByComparingTo("0.7");
        assertThat(budget.spend(new BigDecimal("0.7"))).isEqualByComparingTo("0");
        assertThatThrownBy(() -> budget.spend(new BigDecimal("0.1")))
                .isInstanceOfSatisfying(QueryRefused.class,
                        e -> assertThat(e.rule()).isEqualTo(RefusalRule.BUDGET_EXHAUSTED));
        assertThat(budget.spent()).isEqualByComparingTo("1.0");
    }

    @Test
    void decimalEpsilons_doNotDriftLikeDoubles() {
        var budget = new PrivacyBudget(BigDecimal.ONE);
        for (int i = 0; i < 10; i++) {
            budget.spend(new BigDecimal("0.1"));
        }
        assertThat(budget.remaining()).isEqualByComparingTo("0");
    }

    @Test
    void concurrentSpends_neverOverspend() throws Exception {
        var budget = new PrivacyBudget(new BigDecimal("10"));
        int threads = 16;
        int attemptsPerThread = 200;
        var granted = new AtomicInteger();
        var refused = new AtomicInteger();
        var start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var futures = new ArrayList<Future<?>>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < attemptsPerThread; i++) {
                        try {
                            budget.spend(new BigDecimal("0.01"));
                            granted.incrementAndGet();
                        } catch (QueryRefused e) {
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(granted.get()).isEqualTo(1000);
        assertThat(refused.get()).isEqualTo(threads * attemptsPerThread - 1000);
        assertThat(budget.remaining()).isEqualByComparingTo("0");
    }
}
