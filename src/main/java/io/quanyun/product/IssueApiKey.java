package io.quanyun.product;

import org.jspecify.annotations.Nullable;

/** The operator issues an API key for a listed product to a consumer organization (e.g. a bank). */
public record IssueApiKey(@Nullable String consumerName) {
}
