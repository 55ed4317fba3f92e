package io.quanyun.product;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.quanyun.shared.Zones;

/**
 * The rate limit (a token bucket per subscription, {@code ratePerSecond} tokens a second, as many in reserve)
 * and the monthly quota (answered calls per calendar month in Asia/Shanghai) of subscriptions. Counters live in
 * memory; a month's count starts from the metered calls in the database, so a restart does not reset it.
 */
@Component
class CallGates {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ConcurrentMap<UUID, Bucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, MonthCount> counts = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, Revenue> revenues = new ConcurrentHashMap<>();
    /** The lock of each subscription's first count of a month. */
    private final ConcurrentMap<UUID, Object> loading = new ConcurrentHashMap<>();
    /** The lock of each operator's first read of a year's revenue. */
    private final ConcurrentMap<UUID, Object> loadingRevenue = new ConcurrentHashMap<>();

    CallGates(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** @return 0 when a call may pass now, else the nanoseconds until it may */
    long acquireRate(UUID subscriptionId, int ratePerSecond) {
        Bucket bucket = buckets.computeIfAbsent(subscriptionId, id -> new Bucket(ratePerSecond, System.nanoTime()));
        return bucket.acquire(ratePerSecond, System.nanoTime());
    }

    /** Reserves one answered call of the month; false when the quota is used up (nothing reserved then). */
    boolean reserveQuota(UUID subscriptionId, long monthlyQuota) {
        AtomicLong used = monthCount(subscriptionId).used;
        if (used.incrementAndGet() > monthlyQuota) {
            used.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Gives back a reservation of a call that was refused after all. */
    void releaseQuota(UUID subscriptionId) {
        monthCount(subscriptionId).used.decrementAndGet();
    }

    /** Seconds until the next month begins in Asia/Shanghai, when the quota renews. */
    long secondsUntilNextMonth() {
        Instant now = clock.instant();
        ZonedDateTime next = YearMonth.from(now.atZone(Zones.SHANGHAI)).plusMonths(1).atDay(1)
                .atStartOfDay(Zones.SHANGHAI);
        return Math.max(1, Duration.between(now, next.toInstant()).toSeconds());
    }

    /** Forgets the counters of a subscription (its limits changed, or it ended). */
    void forget(UUID subscriptionId) {
        buckets.remove(subscriptionId);
        counts.remove(subscriptionId);
    }

    /**
     * Reserves one answered call's fee against the operator's permitted maximum revenue of the year (Asia/Shanghai).
     * The year's revenue is what is recorded as charges plus the answered calls of per-call products not yet
     * settled into charges (priced at the product's current fee), counted from the database on first use and kept
     * in memory after. Without a maximum set, every call passes.
     *
     * @return false when the fee would take the revenue above the maximum (nothing reserved then)
     */
    boolean reserveRevenue(UUID operatorId, BigDecimal fee) {
        return revenue(operatorId).reserve(fee);
    }

    /** Gives back the fee of a call that was refused after all. */
    void releaseRevenue(UUID operatorId, BigDecimal fee) {
        Revenue revenue = revenues.get(operatorId);
        if (revenue != null) {
            revenue.release(fee);
        }
    }

    /** Forgets an operator's revenue count (a charge was recorded, a fee or the maximum changed). */
    void forgetRevenue(UUID operatorId) {
        revenues.remove(operatorId);
    }

    private Revenue revenue(UUID operatorId) {
        int year = clock.instant().atZone(Zones.SHANGHAI).getYear();
        Revenue revenue = revenues.get(operatorId);
        if (revenue != null && revenue.year == year) {
            return revenue;
        }
        // one caller per operator reads the year's revenue, the others wait for it (as the month's count above)
        synchronized (loadingRevenue.computeIfAbsent(operatorId, id -> new Object())) {
            revenue = revenues.get(operatorId);
            if (revenue != null && revenue.year == year) {
                return revenue;
            }
            revenue = loadRevenue(operatorId, year);
            revenues.put(operatorId, revenue);
            return revenue;
        }
    }

    private Revenue loadRevenue(UUID operatorId, int year) {
        BigDecimal maximum = jdbc.sql("select maximum_amount from product_revenue_limit "
                + "where operator_id = :op and limit_year = :year").param("op", operatorId).param("year", year)
                .query(BigDecimal.class).optional().orElse(null);
        if (maximum == null) {
            // no maximum: every call passes, and setting one forgets this count (forgetRevenue), so the year's
            // calls need not be read now
            return new Revenue(year, null, BigDecimal.ZERO);
        }
        BigDecimal charged = jdbc.sql("select coalesce(sum(amount), 0) from product_charge "
                + "where operator_id = :op and charge_year = :year").param("op", operatorId).param("year", year)
                .query(BigDecimal.class).single();
        BigDecimal unsettled = ProductPricing.unsettledCalls(jdbc, operatorId, year);
        return new Revenue(year, maximum, charged.add(unsettled));
    }

    static long retryAfterSeconds(long nanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + 999_999_999L));
    }

    private MonthCount monthCount(UUID subscriptionId) {
        long now = clock.millis();
        MonthCount count = counts.get(subscriptionId);
        if (count != null && now >= count.fromMillis && now < count.untilMillis) {
            return count; // the current month's count: no date arithmetic per call
        }
        YearMonth current = YearMonth.from(Instant.ofEpochMilli(now).atZone(Zones.SHANGHAI));
        String month = current.toString();
        if (count != null && count.month.equals(month)) {
            return count;
        }
        // one caller per subscription counts the month's calls; the others wait for its count instead of each
        // holding a connection for the same query (64 callers at once on a large meter table took every
        // connection of the pool for longer than its 30 s timeout)
        synchronized (loading.computeIfAbsent(subscriptionId, id -> new Object())) {
            count = counts.get(subscriptionId);
            if (count != null && count.month.equals(month)) {
                return count;
            }
            long used = jdbc.sql("""
                    select count(*) from product_call where subscription_id = :id and call_month = :month
                    and outcome = 'ANSWERED'""").param("id", subscriptionId).param("month", month)
                    .query(Long.class).single();
            MonthCount fresh = new MonthCount(month, startOf(current), startOf(current.plusMonths(1)),
                    new AtomicLong(used));
            counts.put(subscriptionId, fresh);
            return fresh;
        }
    }

    private static long startOf(YearMonth month) {
        return month.atDay(1).atStartOfDay(Zones.SHANGHAI).toInstant().toEpochMilli();
    }

    /** A subscription's answered calls of one month (Asia/Shanghai), valid for [fromMillis, untilMillis). */
    private record MonthCount(String month, long fromMillis, long untilMillis, AtomicLong used) {
    }

    /** An operator's revenue of a year against its maximum; synchronized per operator. */
    private static final class Revenue {
        private final int year;
        private final @Nullable BigDecimal maximum;
        private BigDecimal used;

        Revenue(int year, @Nullable BigDecimal maximum, BigDecimal used) {
            this.year = year;
            this.maximum = maximum;
            this.used = used;
        }

        synchronized boolean reserve(BigDecimal fee) {
            BigDecimal next = used.add(fee);
            if (maximum != null && next.compareTo(maximum) > 0) {
                return false;
            }
            used = next;
            return true;
        }

        synchronized void release(BigDecimal fee) {
            used = used.subtract(fee);
        }
    }

    /** A token bucket; synchronized per subscription. */
    private static final class Bucket {
        private double tokens;
        private long last;

        Bucket(int rate, long now) {
            this.tokens = rate;
            this.last = now;
        }

        synchronized long acquire(int rate, long now) {
            double elapsedSeconds = (now - last) / 1e9;
            last = now;
            tokens = Math.min(rate, tokens + elapsedSeconds * rate);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / rate * 1e9);
        }
    }
}
