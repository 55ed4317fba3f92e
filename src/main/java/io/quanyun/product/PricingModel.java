package io.quanyun.product;

/** How a product is charged (national pricing rules of 2025). */
public enum PricingModel {
    /** Public governance and public welfare uses: no fee. */
    FREE,
    /** A fee per call. */
    PER_CALL,
    /** A fee per item delivered. */
    PER_ITEM,
    /** A fee per period of use. */
    PER_PERIOD,
    /** A fee per data volume. */
    PER_VOLUME;

    public boolean charges() {
        return this != FREE;
    }
}
