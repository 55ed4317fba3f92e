package io.quanyun.authorization;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A panel member's review; {@code scores} is empty where the viewer may not see them (sealed). */
public record ReviewView(UUID id, UUID callId, UUID expertUserId, String expertName, ReviewState state,
        @Nullable String declaration, Instant assignedAt, @Nullable Instant declaredAt, @Nullable Instant submittedAt,
        List<Exclusion> exclusions, List<Score> scores) {
}
