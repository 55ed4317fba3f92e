package io.quanyun.supervision;

/** The criteria of an evaluation campaign (Art. 17). */
public enum Criterion {
    /** Compliance with the agreement and the measures. */
    COMPLIANCE,
    /** Data security: incidents, alerts, training. */
    SECURITY,
    /** Quality of service to data users. */
    SERVICE_QUALITY,
    /** Products and services delivered. */
    PRODUCTS_DELIVERED,
    /** Public value created. */
    PUBLIC_VALUE
}
