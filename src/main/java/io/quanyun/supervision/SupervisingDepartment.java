package io.quanyun.supervision;

/** The security supervising departments an incident is notified to (Art. 5, Art. 15): 网信、公安、国家安全、保密. */
public enum SupervisingDepartment {
    /** 网信部门 */
    CYBERSPACE,
    /** 公安机关 */
    PUBLIC_SECURITY,
    /** 国家安全机关 */
    STATE_SECURITY,
    /** 保密行政管理部门 */
    SECRECY
}
