package io.quanyun.shared;

import java.time.ZoneId;

/** The platform's time zone. */
public final class Zones {
    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private Zones() {
    }
}
