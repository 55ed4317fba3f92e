package io.quanyun.catalog;

/** Who a consent is from. */
public enum SubjectKind {
    /** A person, identified by the 18-character identity number (GB 11643). */
    PERSON,
    /** An enterprise, identified by its unified social credit code (GB 32100). */
    ENTERPRISE
}
