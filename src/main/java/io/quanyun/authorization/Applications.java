package io.quanyun.authorization;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

interface Applications extends ListCrudRepository<Application, UUID> {
    List<Application> findByCallIdOrderBySubmittedAt(UUID callId);

    Optional<Application> findByCallIdAndOrganizationId(UUID callId, UUID organizationId);

    List<Application> findByOrganizationIdOrderBySubmittedAtDesc(UUID organizationId);
}
