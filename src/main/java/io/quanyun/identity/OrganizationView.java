package io.quanyun.identity;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.quanyun.shared.OrganizationType;

/**
 * The facts of an organization that may be shown.
 *
 * @param legalRepresentative the legal representative, who is the first responsible person (Art. 14); set
 *        for operators, may be set for others
 */
public record OrganizationView(UUID id, String name, OrganizationType type, String creditCode,
        @Nullable AuthorityLevel authorityLevel, @Nullable SupervisorDepartment supervisorDepartment,
        @Nullable String legalRepresentative, Instant createdAt) {
}
