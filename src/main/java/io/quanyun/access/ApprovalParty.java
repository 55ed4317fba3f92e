package io.quanyun.access;

/** Who must approve a scenario request (Art. 12). */
public enum ApprovalParty {
    /** The big data authority: the city authority or the agreement's authorizer. */
    AUTHORITY,
    /** The provider of a requested dataset; one decision per provider. */
    PROVIDER
}
