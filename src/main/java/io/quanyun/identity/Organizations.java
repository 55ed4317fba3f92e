package io.quanyun.identity;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

import io.quanyun.shared.OrganizationType;

interface Organizations extends ListCrudRepository<Organization, UUID> {

    Optional<Organization> findByCreditCode(String creditCode);

    Optional<Organization> findByName(String name);

    List<Organization> findByType(OrganizationType type);

    List<Organization> findAllByOrderByTypeAscNameAsc();
}
