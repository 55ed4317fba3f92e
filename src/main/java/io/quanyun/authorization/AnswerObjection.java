package io.quanyun.authorization;

import org.jspecify.annotations.Nullable;

/** The authority's answer: upheld (the application leaves the shortlist) or dismissed, with reasons. */
public record AnswerObjection(boolean upheld, @Nullable String answer) {
}
