package io.quanyun.authorization;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** An expert's declaration: the applications the expert has a conflict of interest with (may be empty). */
public record DeclareConflicts(@Nullable List<UUID> conflictedApplicationIds, @Nullable String statement) {
}
