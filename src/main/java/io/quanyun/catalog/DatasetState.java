package io.quanyun.catalog;

import java.util.EnumSet;
import java.util.Set;

/** The life of a dataset in the catalog. */
public enum DatasetState {
    /** The provider is still describing it. */
    DRAFT,
    /** Submitted; the authority reviews it. */
    UNDER_REVIEW,
    /** Reviewed and visible in the public catalog; may be named in calls and grants. */
    PUBLISHED,
    /** Taken out of the catalog; final. */
    WITHDRAWN;

    /** The states this one may move to. */
    public Set<DatasetState> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(UNDER_REVIEW, WITHDRAWN);
            case UNDER_REVIEW -> EnumSet.of(PUBLISHED, DRAFT, WITHDRAWN);
            case PUBLISHED -> EnumSet.of(WITHDRAWN);
            case WITHDRAWN -> EnumSet.noneOf(DatasetState.class);
        };
    }

    public boolean isFinal() {
        return next().isEmpty();
    }
}
