package io.quanyun.catalog;

/** Data classification after GB/T 43697-2024 (数据安全技术 数据分类分级规则). */
public enum Classification {
    /** 一般数据 */
    GENERAL,
    /** 重要数据 */
    IMPORTANT,
    /** 核心数据: can never be authorized; the platform refuses it in a call or a grant. */
    CORE;

    public boolean isAuthorizable() {
        return this != CORE;
    }
}
