package io.quanyun.supervision;

/** The result of a security training course. */
public enum TrainingResult {
    /** Passed: valid until the record's validity date. */
    PASSED,
    /** Failed: never counts as valid training. */
    FAILED
}
