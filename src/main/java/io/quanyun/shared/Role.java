package io.quanyun.shared;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a person may do within its organization. Each role belongs to the organization types it fits;
 * a user can hold only roles of its own organization's type.
 */
public enum Role {
    /** Staff of the big data authority: calls, reviews, approvals, supervision, user administration. */
    AUTHORITY_ADMIN("主管部门管理员", "Authority administrator", EnumSet.of(OrganizationType.AUTHORITY)),
    /** A data provider's clerk: registers datasets, approves data use, answers quality tickets. */
    PROVIDER_CLERK("数据提供单位经办人", "Provider clerk", EnumSet.of(OrganizationType.PROVIDER)),
    /** The operator's administrator, often the legal representative: applications, agreements, requests. */
    OPERATOR_ADMIN("运营单位管理员", "Operator administrator", EnumSet.of(OrganizationType.OPERATOR)),
    /** The operator's engineer: works in sandbox workspaces and builds products. */
    OPERATOR_ENGINEER("运营单位技术人员", "Operator engineer", EnumSet.of(OrganizationType.OPERATOR)),
    /** An expert of the third-party institution: scores applications. */
    EXPERT("评审专家", "Expert", EnumSet.of(OrganizationType.EXPERT_INSTITUTION)),
    /** The platform maintainer's staff: operations, never data use. */
    MAINTAINER("平台运维人员", "Maintainer", EnumSet.of(OrganizationType.MAINTAINER)),
    /** Reads and verifies the audit log; supervisors and authorities hold it. */
    AUDITOR("审计员", "Auditor",
            EnumSet.of(OrganizationType.SUPERVISOR, OrganizationType.AUTHORITY, OrganizationType.GOVERNMENT)),
    /** Receives filings and summaries (Art. 8). */
    GOVERNMENT_OFFICER("政府备案人员", "Government officer", EnumSet.of(OrganizationType.GOVERNMENT)),
    /** A product consumer's staff: subscribes to listed products, holds their API keys, reads usage and statements. */
    CONSUMER_ADMIN("产品使用单位管理员", "Consumer administrator", EnumSet.of(OrganizationType.CONSUMER));

    private final String labelZh;
    private final String labelEn;
    private final Set<OrganizationType> fits;

    Role(String labelZh, String labelEn, Set<OrganizationType> fits) {
        this.labelZh = labelZh;
        this.labelEn = labelEn;
        this.fits = fits;
    }

    public boolean fits(OrganizationType type) {
        return fits.contains(type);
    }

    public String labelZh() {
        return labelZh;
    }

    public String labelEn() {
        return labelEn;
    }
}
