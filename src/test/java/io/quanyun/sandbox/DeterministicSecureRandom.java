package io.quanyun.sandbox;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/** A SecureRandom subclass with a fixed seed, for repeatable noise in tests only. */
public final class DeterministicSecureRandom extends SecureRandom {

    private static final long serialVersionUID = 1L;

    private final transient SplittableRandom random;

    /** A generator seeded with {@code seed}. */
    public DeterministicSecureRandom(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        random.nextBytes(bytes);
    }
}
