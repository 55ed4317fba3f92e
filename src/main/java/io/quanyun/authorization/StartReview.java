package io.quanyun.authorization;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Closes a call's window for good and forms the panel from the expert institution's experts. */
public record StartReview(@Nullable List<UUID> expertUserIds) {
}
