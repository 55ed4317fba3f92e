package io.quanyun.audit;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/** Search criteria for the log; every field is optional. */
public record AuditQuery(@Nullable String actor, @Nullable String action, @Nullable String objectType,
        @Nullable String objectId, @Nullable Outcome outcome, @Nullable LocalDate from, @Nullable LocalDate to,
        int page, int size) {

    public AuditQuery {
        page = Math.max(page, 0);
        size = size <= 0 ? 50 : Math.min(size, 500);
    }

    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, null, null, 0, 50);
    }
}
