package io.quanyun.sandbox;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.repository.ListCrudRepository;

/** The workspaces. */
interface Workspaces extends ListCrudRepository<Workspace, UUID> {

    Optional<Workspace> findByGrantId(UUID grantId);

    List<Workspace> findByOperatorIdOrderByCreatedAt(UUID operatorId);
}
