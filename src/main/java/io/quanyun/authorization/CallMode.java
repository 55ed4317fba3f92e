package io.quanyun.authorization;

/** The three authorization modes of Art. 7 and who authorizes in each. */
public enum CallMode {
    /** 综合授权: the authority authorizes. */
    COMPREHENSIVE("综合授权"),
    /** 分领域授权: the data provider authorizes, together with the authority. */
    DOMAIN_SPECIFIC("分领域授权"),
    /** 分级授权: the authority authorizes, graded by the data's level. */
    GRADED("分级授权");

    private final String labelZh;

    CallMode(String labelZh) {
        this.labelZh = labelZh;
    }

    public String labelZh() {
        return labelZh;
    }

    /** Whether the data provider (not the authority) is the authorizer. */
    public boolean providerAuthorizes() {
        return this == DOMAIN_SPECIFIC;
    }
}
