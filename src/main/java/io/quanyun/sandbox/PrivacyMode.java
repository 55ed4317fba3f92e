package io.quanyun.sandbox;

/** How released aggregates are protected. */
public enum PrivacyMode {
    /** Exact values; small groups suppressed, dominated cells suppressed, secondary suppression. */
    THRESHOLD,
    /** Discrete Laplace noise on counts and clamped sums, spending a finite epsilon budget. */
    DIFFERENTIAL_PRIVACY
}
