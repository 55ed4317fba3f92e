package io.quanyun.authorization;

import java.time.Instant;
import java.util.UUID;

/** A call's shortlist went into public notice until {@code endsAt}. */
public record NoticePublished(UUID callId, Instant startsAt, Instant endsAt) {
}
