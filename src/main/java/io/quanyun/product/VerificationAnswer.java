package io.quanyun.product;

/** The fixed answer set of a verification call. */
public enum VerificationAnswer {
    /** The subject is known and the condition holds. */
    MATCH,
    /** The subject is known and the condition does not hold. */
    NO_MATCH,
    /** The subject is not in the dataset version the index was built from. */
    NOT_FOUND
}
