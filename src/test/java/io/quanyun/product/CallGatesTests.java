package io.quanyun.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The monthly quota's first count: one caller per subscription counts the month's answered calls in the meter
 * table, however many callers arrive at once; the others wait for that count and reserve against it.
 */
class CallGatesTests {

    @Test
    void manyFirstCallersAtOnce_countTheMonthOnce_andReserveAgainstThatCount() throws Exception {
        JdbcClient jdbc = mock(JdbcClient.class, RETURNS_DEEP_STUBS);
        AtomicInteger counting = new AtomicInteger();
        when(jdbc.sql(contains("from product_call")).param(anyString(), any()).param(anyString(), any())
                .query(Long.class).single()).thenAnswer(invocation -> {
                    counting.incrementAndGet();
                    Thread.sleep(200); // a slow count: every other caller arrives meanwhile
                    return 5L;
                });
        CallGates gates = new CallGates(jdbc, Clock.systemUTC());
        UUID subscription = UUID.randomUUID();
        int callers = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Boolean>> reserved = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                reserved.add(pool.submit(() -> {
                    start.await();
                    return gates.reserveQuota(subscription, 5 + callers);
                }));
            }
            start.countDown();
            for (Future<Boolean> each : reserved) {
                assertThat(each.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(counting).hasValue(1);
        verify(jdbc, times(1)).sql(contains("from product_call"));
        assertThat(gates.reserveQuota(subscription, 5 + callers)).as("5 counted + 16 reserved = the quota").isFalse();
        gates.releaseQuota(subscription);
        assertThat(gates.reserveQuota(subscription, 5 + callers)).isTrue();
    }

    @Test
    void manyFirstCallersAtOnce_readTheOperatorsRevenueOnce_andWithoutAMaximumNotItsCalls() throws Exception {
        JdbcClient jdbc = mock(JdbcClient.class, RETURNS_DEEP_STUBS);
        AtomicInteger reading = new AtomicInteger();
        when(jdbc.sql(contains("product_revenue_limit")).param(anyString(), any()).param(anyString(), any())
                .query(java.math.BigDecimal.class).optional()).thenAnswer(invocation -> {
                    reading.incrementAndGet();
                    Thread.sleep(200);
                    return java.util.Optional.empty();
                });
        CallGates gates = new CallGates(jdbc, Clock.systemUTC());
        UUID operator = UUID.randomUUID();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> reserved = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                reserved.add(pool.submit(() -> {
                    start.await();
                    return gates.reserveRevenue(operator, new java.math.BigDecimal("0.05"));
                }));
            }
            start.countDown();
            for (Future<Boolean> each : reserved) {
                assertThat(each.get()).as("no maximum: every call passes").isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(reading).hasValue(1);
        verify(jdbc, times(1)).sql(contains("product_revenue_limit"));
        verify(jdbc, times(0)).sql(contains("from product_call"));
    }
}
