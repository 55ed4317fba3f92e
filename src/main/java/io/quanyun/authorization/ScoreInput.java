package io.quanyun.authorization;

import org.jspecify.annotations.Nullable;

/** A score on one criterion, 0 to 100, with a comment. */
public record ScoreInput(@Nullable String criterionCode, int score, @Nullable String comment) {
}
