package io.quanyun.supervision;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Command: issue a rectification order. For a proposal, only {@code content} and {@code deadline} are used;
 * issued directly, {@code operatorId} and {@code reason} are required too.
 */
public record IssueRectification(@Nullable UUID operatorId, @Nullable String reason, @Nullable String content,
        @Nullable Instant deadline) {
}
