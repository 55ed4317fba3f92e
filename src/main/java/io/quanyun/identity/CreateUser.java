package io.quanyun.identity;

import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.quanyun.shared.Role;

/** Command: create a user in an organization. */
public record CreateUser(@Nullable UUID organizationId, @Nullable String username, @Nullable String displayName,
        @Nullable String password, @Nullable Set<Role> roles) {
}
