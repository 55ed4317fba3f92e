package io.quanyun.supervision;

/** How serious an alert is. */
public enum Severity {
    /** Worth a look. */
    INFO,
    /** Needs attention today. */
    WARNING,
    /** Needs action now; may suspend the subject's access (per rule). */
    CRITICAL
}
