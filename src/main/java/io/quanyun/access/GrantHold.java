package io.quanyun.access;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

import org.springframework.data.relational.core.mapping.Table;

/**
 * One open reason why a grant is suspended. {@code hold} names the reason's source: {@link #AUTHORITY} for the
 * authority's own suspension (also incident containment), {@code alert:<id>} for a critical alert,
 * {@code rectification:<order id>} for a rectification order (Art. 18). A grant is restored only when no hold is left.
 */
@Table("access_grant_hold")
record GrantHold(String hold, String reason, Instant heldSince) {

    static final String AUTHORITY = "authority";
    static final String RECTIFICATION = "rectification:";
    static final String ALERT = "alert:";

    GrantHold {
        requireNonNull(hold, "hold is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(heldSince, "heldSince is null");
    }

    static String rectification(Object orderId) {
        return RECTIFICATION + orderId;
    }

    static String alert(Object alertId) {
        return ALERT + alertId;
    }

    boolean isRectification() {
        return hold.startsWith(RECTIFICATION);
    }
}
