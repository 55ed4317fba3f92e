package io.quanyun.shared;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The person (or the platform itself) on whose behalf an act happens. Every audit entry and every
 * permission check starts from an actor.
 *
 * @param userId null only for the platform itself and for anonymous visitors
 * @param organizationId null only for the platform itself and for anonymous visitors
 * @param clientAddress the remote address of the request, null outside a request
 */
public record Actor(@Nullable UUID userId, String username, @Nullable UUID organizationId, String organizationName,
        @Nullable OrganizationType organizationType, Set<Role> roles, @Nullable String clientAddress) {

    public static final String SYSTEM = "system";
    public static final String ANONYMOUS = "anonymous";

    public Actor {
        requireNonNull(username, "username is null");
        requireNonNull(organizationName, "organizationName is null");
        roles = Set.copyOf(roles);
    }

    /** The platform acting by itself: scheduled jobs, demo data, start-up. */
    public static Actor system() {
        return new Actor(null, SYSTEM, null, "泉运平台", null, Set.of(), null);
    }

    public static Actor anonymous(@Nullable String clientAddress) {
        return new Actor(null, ANONYMOUS, null, "", null, Set.of(), clientAddress);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean isOf(OrganizationType type) {
        return type == organizationType;
    }

    public boolean belongsTo(@Nullable UUID organization) {
        return organizationId != null && organizationId.equals(organization);
    }

    public boolean isSystem() {
        return userId == null && SYSTEM.equals(username);
    }

    public boolean isAuthenticated() {
        return userId != null;
    }

    /** Refuses with {@link ErrorCode#FORBIDDEN} unless the actor holds one of the roles. */
    public Actor require(Role... anyOf) {
        for (Role role : anyOf) {
            if (roles.contains(role)) {
                return this;
            }
        }
        throw QuanyunException.forbidden("This action needs one of the roles " + Set.of(anyOf));
    }

    /** The roles as a comma-separated list, for the audit log. */
    public String rolesText() {
        return roles.stream().map(Enum::name).sorted().reduce((a, b) -> a + "," + b).orElse("");
    }

    public Actor withClientAddress(@Nullable String address) {
        return new Actor(userId, username, organizationId, organizationName, organizationType, roles, address);
    }
}
