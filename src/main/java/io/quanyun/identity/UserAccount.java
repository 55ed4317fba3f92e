package io.quanyun.identity;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

import io.quanyun.shared.Role;

/** A person who signs in. Belongs to exactly one organization. */
@Table("app_user")
final class UserAccount {

    private final @Id UUID id;
    private final String username;
    private final String displayName;
    private final UUID organizationId;
    private String passwordHash;
    private boolean enabled;
    private int failedAttempts;
    private @Nullable Instant lockedUntil;
    private @Nullable Instant lastLoginAt;
    private final Instant createdAt;
    @MappedCollection(idColumn = "app_user")
    private final Set<RoleGrant> roles;
    private @Version @Nullable Long version;

    @PersistenceCreator
    UserAccount(UUID id, String username, String displayName, UUID organizationId, String passwordHash,
            boolean enabled, int failedAttempts, @Nullable Instant lockedUntil, @Nullable Instant lastLoginAt,
            Instant createdAt, Set<RoleGrant> roles, @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.username = requireNonNull(username, "username is null");
        this.displayName = requireNonNull(displayName, "displayName is null");
        this.organizationId = requireNonNull(organizationId, "organizationId is null");
        this.passwordHash = requireNonNull(passwordHash, "passwordHash is null");
        this.enabled = enabled;
        this.failedAttempts = failedAttempts;
        this.lockedUntil = lockedUntil;
        this.lastLoginAt = lastLoginAt;
        this.createdAt = requireNonNull(createdAt, "createdAt is null");
        this.roles = new java.util.HashSet<>(roles);
        this.version = version;
    }

    static UserAccount create(String username, String displayName, UUID organizationId, String passwordHash,
            Set<Role> roles, Instant now) {
        return new UserAccount(UUID.randomUUID(), username, displayName, organizationId, passwordHash, true, 0,
                null, null, now, roles.stream().map(RoleGrant::new).collect(Collectors.toSet()), null);
    }

    boolean isLocked(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    /** Counts a failed sign-in; returns whether the account is now locked. */
    boolean failedSignIn(Instant now, int maximumAttempts, Duration lockFor) {
        failedAttempts++;
        if (failedAttempts >= maximumAttempts) {
            lockedUntil = now.plus(lockFor);
            failedAttempts = 0;
            return true;
        }
        return false;
    }

    void signedIn(Instant now) {
        failedAttempts = 0;
        lockedUntil = null;
        lastLoginAt = now;
    }

    UUID id() {
        return id;
    }

    String username() {
        return username;
    }

    String displayName() {
        return displayName;
    }

    UUID organizationId() {
        return organizationId;
    }

    String passwordHash() {
        return passwordHash;
    }

    boolean enabled() {
        return enabled;
    }

    @Nullable Instant lockedUntil() {
        return lockedUntil;
    }

    Set<Role> roles() {
        EnumSet<Role> set = EnumSet.noneOf(Role.class);
        roles.forEach(grant -> set.add(grant.role()));
        return set;
    }

    UserView view(String organizationName) {
        return new UserView(id, username, displayName, organizationId, organizationName, roles(), enabled,
                lockedUntil, lastLoginAt);
    }
}
