package io.quanyun.audit;

/** How an audited act ended. */
public enum Outcome {
    /** The act was carried out. */
    SUCCESS,
    /** The act was refused: a permission, rule, state or validation said no. */
    REFUSED,
    /** The act failed for a technical reason. */
    FAILED
}
