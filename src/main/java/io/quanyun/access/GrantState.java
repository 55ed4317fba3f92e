package io.quanyun.access;

import java.util.EnumSet;
import java.util.Set;

/** The life of a data grant. */
public enum GrantState {
    /** Data may be used inside the platform for the grant's scenario. */
    ACTIVE,
    /** Use is stopped at once (authority, rectification, critical alert); may be restored. */
    SUSPENDED,
    /** Expired, agreement ended, dataset withdrawn or revoked; final. Records stay readable. */
    ENDED;

    public Set<GrantState> next() {
        return switch (this) {
            case ACTIVE -> EnumSet.of(SUSPENDED, ENDED);
            case SUSPENDED -> EnumSet.of(ACTIVE, ENDED);
            case ENDED -> EnumSet.noneOf(GrantState.class);
        };
    }
}
