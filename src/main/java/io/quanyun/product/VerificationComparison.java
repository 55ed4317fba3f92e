package io.quanyun.product;

/** How a verification product compares the caller's input with the subject's attribute. */
public enum VerificationComparison {
    /** Match when one of the subject's rows has the attribute equal to the input (e.g. district). */
    EQUALS,
    /** Match when one of the subject's rows has the attribute (a date) on or after the input date. */
    ON_OR_AFTER
}
