package io.quanyun.product;

/** The answer of a verification call: nothing but one of the fixed answers. */
public record VerificationResult(VerificationAnswer answer) {
}
