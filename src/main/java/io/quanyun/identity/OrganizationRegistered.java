package io.quanyun.identity;

import java.util.UUID;

import io.quanyun.shared.OrganizationType;

/** Event: an organization was registered. */
public record OrganizationRegistered(UUID organizationId, OrganizationType type) {
}
