package io.quanyun.identity;

import org.jspecify.annotations.Nullable;

import io.quanyun.shared.OrganizationType;

/** Command: register an organization. */
public record RegisterOrganization(@Nullable String name, @Nullable OrganizationType type,
        @Nullable String creditCode, @Nullable AuthorityLevel authorityLevel,
        @Nullable SupervisorDepartment supervisorDepartment, @Nullable String legalRepresentative) {
}
