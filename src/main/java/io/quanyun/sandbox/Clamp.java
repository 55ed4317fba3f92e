package io.quanyun.sandbox;

/**
 * Bounds into which each row's value of a measure is clamped before it is summed, so that one
 * person's contribution is bounded.
 *
 * @param lower smallest value counted
 * @param upper largest value counted; not below {@code lower}
 */
public record Clamp(long lower, long upper) {

    public Clamp {
        if (upper < lower) {
            throw new IllegalArgumentException("upper bound below lower bound");
        }
    }

    /** Shorthand factory. */
    public static Clamp of(long lower, long upper) {
        return new Clamp(lower, upper);
    }

    /** The largest absolute value a clamped row can contribute. */
    public long magnitude() {
        return Math.max(Math.abs(lower), Math.abs(upper));
    }
}
