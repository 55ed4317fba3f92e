package io.quanyun.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import io.quanyun.shared.Zones;

/** A clock that tests move instead of the wall. Import {@link Configuration} to make it the application's clock. */
public final class MutableClock extends Clock {

    private volatile Instant instant;
    private final ZoneId zone;

    public MutableClock(Instant start) {
        this(start, Zones.SHANGHAI);
    }

    private MutableClock(Instant start, ZoneId zone) {
        this.instant = start;
        this.zone = zone;
    }

    public void advance(Duration duration) {
        instant = instant.plus(duration);
    }

    public void set(Instant to) {
        instant = to;
    }

    /** Moves to the next moment at {@code time} on a weekday (Beijing time), at least one minute ahead. */
    public void advanceToWeekday(java.time.LocalTime time) {
        java.time.ZonedDateTime next = instant.atZone(Zones.SHANGHAI).plusMinutes(1).with(time);
        while (!next.toInstant().isAfter(instant) || next.getDayOfWeek() == java.time.DayOfWeek.SATURDAY
                || next.getDayOfWeek() == java.time.DayOfWeek.SUNDAY) {
            next = next.plusDays(1);
        }
        instant = next.toInstant();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return new MutableClock(instant, other);
    }

    @Override
    public Instant instant() {
        return instant;
    }

    /** Registers a {@link MutableClock} (starting at the wall time) as the primary clock. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Configuration {
        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
    }
}
