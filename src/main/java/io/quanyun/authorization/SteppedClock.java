package io.quanyun.authorization;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/** A clock the demo data moves forward to replay a finished procedure in the past. Never used for live work. */
final class SteppedClock extends Clock {

    private Instant instant;
    private final ZoneId zone;

    SteppedClock(Instant start, ZoneId zone) {
        this.instant = start;
        this.zone = zone;
    }

    void set(Instant to) {
        instant = to;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return new SteppedClock(instant, other);
    }

    @Override
    public Instant instant() {
        return instant;
    }
}
