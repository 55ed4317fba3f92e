package io.quanyun.product;

import org.jspecify.annotations.Nullable;

import io.quanyun.shared.ErrorCode;

/** How a product call ended; every outcome is metered and audited. */
public enum CallOutcome {
    /** Answered (a verification answer, or a model's score or not found); billable and counted against the quota. */
    ANSWERED(null),
    /** No key, an unknown or revoked key, or a key of another product. */
    KEY_INVALID(ErrorCode.API_KEY_INVALID),
    /** The product is not listed (suspended, delisted) or its grant is not active. */
    NOT_LISTED(ErrorCode.PRODUCT_NOT_LISTED),
    /** Faster than the subscription's rate limit. */
    RATE_LIMITED(ErrorCode.RATE_LIMITED),
    /** The monthly quota is used up. */
    QUOTA_EXCEEDED(ErrorCode.QUOTA_EXCEEDED),
    /** The body is not JSON of the call's shape. */
    MALFORMED(ErrorCode.MALFORMED_REQUEST),
    /** The named inputs are missing, unknown or not valid. */
    INVALID_INPUT(ErrorCode.VALIDATION_FAILED),
    /** Neither a consent record nor a consent token covers the subject. */
    CONSENT_MISSING(ErrorCode.SUBJECT_CONSENT_MISSING),
    /** The consent token is forged, expired, or for another product, caller or subject. */
    CONSENT_TOKEN_INVALID(ErrorCode.CONSENT_TOKEN_INVALID),
    /** The consent token is authentic but the subject (or the authority) revoked it. */
    CONSENT_TOKEN_REVOKED(ErrorCode.CONSENT_TOKEN_REVOKED),
    /** The index is not built yet. */
    INDEX_NOT_READY(ErrorCode.VERIFICATION_INDEX_NOT_READY),
    /** A model product with no trained model revision yet. */
    MODEL_NOT_READY(ErrorCode.PRODUCT_NO_REVISION),
    /**
     * A charged per-call product whose operator has reached the revenue maximum the authority permits for the
     * year: the call is refused, not answered for free, and not billable.
     */
    REVENUE_MAXIMUM_REACHED(ErrorCode.REVENUE_MAXIMUM_REACHED);

    private final @Nullable ErrorCode code;

    CallOutcome(@Nullable ErrorCode code) {
        this.code = code;
    }

    /** @return the error a refusal is reported with; null for {@link #ANSWERED} */
    public @Nullable ErrorCode code() {
        return code;
    }

    public boolean refused() {
        return this != ANSWERED;
    }
}
