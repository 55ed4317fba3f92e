package io.quanyun.supervision;

/** A containment action an incident can take through the platform; each is carried out by the module owning the target. */
public enum ContainmentKind {
    /** Suspend a grant (access): its workspace stops, running queries are cancelled, its products are suspended. */
    SUSPEND_GRANT,
    /** Suspend a product (products): its calls are refused until it is restored. */
    SUSPEND_PRODUCT,
    /** Delist a product for good (products): its API keys are revoked. */
    DELIST_PRODUCT
}
