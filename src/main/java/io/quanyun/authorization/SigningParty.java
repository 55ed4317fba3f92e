package io.quanyun.authorization;

/** Who signs an agreement, in this order. */
public enum SigningParty {
    /** The operator, by its legal representative (or an administrator on the representative's behalf). */
    OPERATOR,
    /** The authorizer: the authority, or the data provider for domain-specific authorization. */
    AUTHORIZER
}
