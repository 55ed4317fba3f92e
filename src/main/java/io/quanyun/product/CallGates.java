package io.quanyun.product;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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

    static long retryAfterSeconds(long nanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + 999_999_999L));
    }

    private MonthCount monthCount(UUID subscriptionId) {
        String month = YearMonth.from(clock.instant().atZone(Zones.SHANGHAI)).toString();
        MonthCount count = counts.get(subscriptionId);
        if (count == null || !count.month.equals(month)) {
            long used = jdbc.sql("""
                    select count(*) from product_call where subscription_id = :id and call_month = :month
                    and outcome = 'ANSWERED'""").param("id", subscriptionId).param("month", month)
                    .query(Long.class).single();
            MonthCount fresh = new MonthCount(month, new AtomicLong(used));
            count = count == null ? counts.putIfAbsent(subscriptionId, fresh)
                    : counts.replace(subscriptionId, count, fresh) ? null : counts.get(subscriptionId);
            if (count == null || !count.month.equals(month)) {
                count = fresh;
            }
        }
        return count;
    }

    private record MonthCount(String month, AtomicLong used) {
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
