package io.quanyun.supervision;

import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

interface EmergencyPlans extends ListCrudRepository<EmergencyPlan, UUID> {

    List<EmergencyPlan> findByOrganizationIdOrderByPlanVersionDesc(UUID organizationId);

    List<EmergencyPlan> findAllByOrderByOrganizationNameAscPlanVersionDesc();
}
