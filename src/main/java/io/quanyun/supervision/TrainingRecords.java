package io.quanyun.supervision;

import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

interface TrainingRecords extends ListCrudRepository<TrainingRecord, UUID> {

    List<TrainingRecord> findByUserId(UUID userId);

    List<TrainingRecord> findByOrganizationIdOrderByTrainedOnDesc(UUID organizationId);

    List<TrainingRecord> findAllByOrderByTrainedOnDesc();

    List<TrainingRecord> findByLapseNotifiedFalse();
}
