package io.quanyun.product;

import java.util.EnumSet;
import java.util.Set;

/** The life of a data product. */
public enum ProductState {
    /** Being prepared by the operator; returned here with findings when the review does not pass. */
    DRAFT,
    /** Submitted for compliance review and risk assessment by the authority. */
    UNDER_REVIEW,
    /** Approved and offered: callers may use it. */
    LISTED,
    /** Offering stopped at once (the authority, or its grant suspended or ended); may be listed again. */
    SUSPENDED,
    /** Withdrawn for good; final. Records stay readable. */
    DELISTED;

    /** @return the states this one may move to */
    public Set<ProductState> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(UNDER_REVIEW, DELISTED);
            case UNDER_REVIEW -> EnumSet.of(LISTED, DRAFT, DELISTED);
            case LISTED -> EnumSet.of(SUSPENDED, DELISTED);
            case SUSPENDED -> EnumSet.of(LISTED, DELISTED);
            case DELISTED -> EnumSet.noneOf(ProductState.class);
        };
    }

    public boolean isFinal() {
        return next().isEmpty();
    }
}
