package io.quanyun.shared;

/** The kinds of organization the measures act through (Art. 3, 5, 8, 11). */
public enum OrganizationType {
    /** 大数据主管部门: the big data authority, at city or district level. */
    AUTHORITY("大数据主管部门", "Big data authority"),
    /** 数据提供单位: a government body that provides public data. */
    PROVIDER("数据提供单位", "Data provider"),
    /** 运营单位: a company that applies for, or holds, an authorization to operate public data. */
    OPERATOR("运营单位", "Operator"),
    /** 运营平台运维机构: the third party that runs the platform; never an operator (Art. 11). */
    MAINTAINER("平台运维机构", "Platform maintainer"),
    /** 第三方专家机构: the institution whose experts review applications (Art. 8(3)). */
    EXPERT_INSTITUTION("第三方专家机构", "Expert institution"),
    /** 安全监管部门: cyberspace, public security, state security or secrecy (Art. 5). */
    SUPERVISOR("安全监管部门", "Security supervisor"),
    /** 同级人民政府: the government that receives filings (Art. 8). */
    GOVERNMENT("人民政府", "Government"),
    /** 数据产品使用单位: an organization (e.g. a bank) that subscribes to listed data products and calls them. */
    CONSUMER("数据产品使用单位", "Product consumer");

    private final String labelZh;
    private final String labelEn;

    OrganizationType(String labelZh, String labelEn) {
        this.labelZh = labelZh;
        this.labelEn = labelEn;
    }

    public String labelZh() {
        return labelZh;
    }

    public String labelEn() {
        return labelEn;
    }
}
