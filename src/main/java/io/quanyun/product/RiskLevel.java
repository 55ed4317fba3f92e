package io.quanyun.product;

/** The risk level the authority's compliance review assigns to a product (Art. 15). */
public enum RiskLevel {
    /** Listed after one reviewer's approval. */
    LOW,
    /** Listed after one reviewer's approval. */
    MEDIUM,
    /** Listed only after a second, different reviewer approves too. */
    HIGH
}
