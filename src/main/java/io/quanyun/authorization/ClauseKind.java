package io.quanyun.authorization;

/** The eight clauses every agreement must contain (Art. 9). */
public enum ClauseKind {
    /** 协议双方 */
    PARTIES("一、协议双方"),
    /** 授权范围 */
    SCOPE("二、授权范围"),
    /** 授权期限 */
    TERM("三、授权期限"),
    /** 权利与义务 */
    RIGHTS_AND_OBLIGATIONS("四、双方权利与义务"),
    /** 安全要求 */
    SECURITY_REQUIREMENTS("五、数据安全要求"),
    /** 退出条件 */
    EXIT_CONDITIONS("六、退出条件"),
    /** 违约责任 */
    LIABILITY_FOR_BREACH("七、违约责任"),
    /** 期满资产处置 */
    DISPOSAL_OF_ASSETS("八、授权期满后的资产处置");

    private final String headingZh;

    ClauseKind(String headingZh) {
        this.headingZh = headingZh;
    }

    public String headingZh() {
        return headingZh;
    }
}
