package io.quanyun.product;

import java.time.LocalDate;

/** Calls of a subscription on one day (Asia/Shanghai) with one outcome. */
public record UsageDay(LocalDate day, CallOutcome outcome, long calls) {
}
