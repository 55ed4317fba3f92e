package io.quanyun.access;

import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

interface ScenarioRequests extends ListCrudRepository<ScenarioRequest, UUID> {

    List<ScenarioRequest> findByOperatorIdOrderByCreatedAtDesc(UUID operatorId);

    List<ScenarioRequest> findAllByOrderByCreatedAtDesc();

    List<ScenarioRequest> findByStateOrderByCreatedAt(ScenarioRequestState state);
}
