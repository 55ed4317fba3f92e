package io.quanyun.sandbox;

import java.util.EnumSet;
import java.util.Set;

/** The life of a workspace; it follows its grant's state. */
public enum WorkspaceState {
    /** The grant is active: members may query. */
    ACTIVE,
    /** The grant is suspended: running queries were cancelled, new ones are refused. */
    SUSPENDED,
    /** The grant ended: final; history, derived tables and exports stay readable. */
    CLOSED;

    /** The states this one may move to. */
    public Set<WorkspaceState> next() {
        return switch (this) {
            case ACTIVE -> EnumSet.of(SUSPENDED, CLOSED);
            case SUSPENDED -> EnumSet.of(ACTIVE, CLOSED);
            case CLOSED -> EnumSet.noneOf(WorkspaceState.class);
        };
    }
}
