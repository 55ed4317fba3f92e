package io.quanyun.catalog;

/** Kinds of registration record, in the national manner of public data resource registration. */
public enum RegistrationKind {
    /** 首次登记 */
    INITIAL,
    /** 变更登记 */
    CHANGE,
    /** 更正登记 */
    CORRECTION,
    /** 续期 */
    RENEWAL,
    /** 注销登记 */
    DEREGISTRATION
}
