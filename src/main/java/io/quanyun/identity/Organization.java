package io.quanyun.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

import io.quanyun.shared.OrganizationType;

/** An organization registered on the platform. Its type never changes. */
@Table("organization")
final class Organization {

    private final @Id UUID id;
    private final String name;
    private final OrganizationType type;
    private final String creditCode;
    private final @Nullable AuthorityLevel authorityLevel;
    private final @Nullable SupervisorDepartment supervisorDepartment;
    private @Nullable String legalRepresentative;
    private final Instant createdAt;
    private @Version @Nullable Long version;

    @PersistenceCreator
    Organization(UUID id, String name, OrganizationType type, String creditCode,
            @Nullable AuthorityLevel authorityLevel, @Nullable SupervisorDepartment supervisorDepartment,
            @Nullable String legalRepresentative, Instant createdAt, @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.name = requireNonNull(name, "name is null");
        this.type = requireNonNull(type, "type is null");
        this.creditCode = requireNonNull(creditCode, "creditCode is null");
        this.authorityLevel = authorityLevel;
        this.supervisorDepartment = supervisorDepartment;
        this.legalRepresentative = legalRepresentative;
        this.createdAt = requireNonNull(createdAt, "createdAt is null");
        this.version = version;
    }

    static Organization register(String name, OrganizationType type, CreditCode creditCode,
            @Nullable AuthorityLevel level, @Nullable SupervisorDepartment department,
            @Nullable String legalRepresentative, Instant now) {
        return new Organization(UUID.randomUUID(), name, type, creditCode.value(), level, department,
                legalRepresentative, now, null);
    }

    UUID id() {
        return id;
    }

    String name() {
        return name;
    }

    OrganizationType type() {
        return type;
    }

    String creditCode() {
        return creditCode;
    }

    @Nullable AuthorityLevel authorityLevel() {
        return authorityLevel;
    }

    @Nullable SupervisorDepartment supervisorDepartment() {
        return supervisorDepartment;
    }

    @Nullable String legalRepresentative() {
        return legalRepresentative;
    }

    Instant createdAt() {
        return createdAt;
    }

    OrganizationView view() {
        return new OrganizationView(id, name, type, creditCode, authorityLevel, supervisorDepartment,
                legalRepresentative, createdAt);
    }
}
