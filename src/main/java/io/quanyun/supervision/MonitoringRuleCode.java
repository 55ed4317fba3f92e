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
    VERIFICATION_ENUMERATION,
    /**
     * Sandbox queries of one person that differ from an earlier query of the window in one predicate only
     * (differencing and tracker patterns); the threshold counts such queries.
     */
    DIFFERENCING,
    /** Fast spending of a grant's privacy budget: the threshold is the percentage of the total spent in the window. */
    BUDGET_SPENDING
}
