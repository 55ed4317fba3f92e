package io.quanyun.identity;

/** The level of a big data authority (Art. 5). */
public enum AuthorityLevel {
    /** 市级: the city's big data authority, which builds the platform (Art. 11). */
    CITY,
    /** 区县级: a district or county authority. */
    DISTRICT
}
