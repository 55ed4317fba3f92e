package io.quanyun.authorization;

import java.time.Instant;
import java.util.UUID;

/** A call became public; applications are accepted between {@code opensAt} and {@code closesAt}. */
public record CallPublished(UUID callId, CallMode mode, Instant opensAt, Instant closesAt) {
}
