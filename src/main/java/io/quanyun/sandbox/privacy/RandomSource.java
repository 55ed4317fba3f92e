package io.quanyun.sandbox.privacy;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * The only source of randomness for noise. It can only be built from a {@link SecureRandom}, so
 * production code cannot fall back to {@code java.util.Random}; tests pass a deterministic
 * {@code SecureRandom} subclass to get repeatable samples.
 */
public final class RandomSource {

    private final SecureRandom random;

    private RandomSource(SecureRandom random) {
        this.random = requireNonNull(random, "random is null");
    }

    /** A source backed by a new {@link SecureRandom} (the platform's strongest default). */
    public static RandomSource secure() {
        return new RandomSource(new SecureRandom());
    }

    /** A source backed by the given secure random (tests may pass a seeded subclass). */
    public static RandomSource of(SecureRandom random) {
        return new RandomSource(random);
    }

    /** A uniformly distributed integer in {@code [0, bound)}, by rejection sampling of random bits. */
    BigInteger uniformBelow(BigInteger bound) {
        if (bound.signum() <= 0) {
            throw new IllegalArgumentException("bound must be positive");
        }
        int bits = bound.bitLength();
        BigInteger candidate;
        do {
            candidate = new BigInteger(bits, random);
        } while (candidate.compareTo(bound) >= 0);
        return candidate;
    }
}
