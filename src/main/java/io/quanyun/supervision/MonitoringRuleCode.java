package io.quanyun.supervision;

/** The monitoring rules the platform evaluates over the audit log (Art. 15). */
public enum MonitoringRuleCode {
    /** Many sandbox queries by one person within the window (one minute by default). */
    QUERY_BURST,
    /** Many refused sandbox queries by one person within the window: probing the checker. */
    QUERY_PROBING,
    /** Sandbox or product activity by an operator's staff outside working hours (weekdays 8:00-18:00, Beijing). */
    OFF_HOURS,
    /** Export requests of one organization piling up within the window. */
    EXPORT_PILE_UP,
    /** Verification calls of one caller with many "not found" answers: enumeration. */
    VERIFICATION_ENUMERATION
}
