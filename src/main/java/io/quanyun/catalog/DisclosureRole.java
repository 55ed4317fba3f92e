package io.quanyun.catalog;

/** How a field may appear in sandbox output. */
public enum DisclosureRole {
    /** Identifies a person or enterprise by itself (id-card number, name, phone): never output. */
    DIRECT_IDENTIFIER,
    /** Identifies in combination (birth date, district, gender): a group key under thresholds. */
    QUASI_IDENTIFIER,
    /** A value to protect (diagnosis, income): only inside aggregates. */
    SENSITIVE_ATTRIBUTE,
    /** Anything else. */
    PLAIN_ATTRIBUTE
}
