package io.quanyun.identity;

/** The security supervisors named in Art. 5. */
public enum SupervisorDepartment {
    /** 网信 */
    CYBERSPACE,
    /** 公安 */
    PUBLIC_SECURITY,
    /** 国家安全 */
    STATE_SECURITY,
    /** 保密 */
    SECRECY
}
