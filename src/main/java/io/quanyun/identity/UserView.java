package io.quanyun.identity;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.quanyun.shared.Role;

/** The facts of a user that may be shown; never the password hash. */
public record UserView(UUID id, String username, String displayName, UUID organizationId, String organizationName,
        Set<Role> roles, boolean enabled, @Nullable Instant lockedUntil, @Nullable Instant lastLoginAt) {
}
