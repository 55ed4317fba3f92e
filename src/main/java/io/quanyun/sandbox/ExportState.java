package io.quanyun.sandbox;

import java.util.EnumSet;
import java.util.Set;

/** The life of an export request (Art. 13). */
public enum ExportState {
    /** Checked again and waiting for two reviewers at the authority. */
    REQUESTED,
    /** Two reviewers approved: the files are made, hashed and downloadable. Final. */
    APPROVED,
    /** A reviewer rejected it with reasons. Final. */
    REJECTED;

    /** The states this one may move to. */
    public Set<ExportState> next() {
        return switch (this) {
            case REQUESTED -> EnumSet.of(APPROVED, REJECTED);
            case APPROVED, REJECTED -> EnumSet.noneOf(ExportState.class);
        };
    }
}
