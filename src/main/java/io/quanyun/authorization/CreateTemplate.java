package io.quanyun.authorization;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/** A new version of the agreement template; all eight clauses of Art. 9 are required. */
public record CreateTemplate(@Nullable String title, @Nullable Map<ClauseKind, String> clauses) {
}
