package io.quanyun.catalog;

/** The outcome of a bulk consent upload: every line was recorded. */
public record BulkConsentResult(int recorded) {
}
