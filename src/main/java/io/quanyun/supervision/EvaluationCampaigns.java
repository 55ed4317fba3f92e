package io.quanyun.supervision;

import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

interface EvaluationCampaigns extends ListCrudRepository<EvaluationCampaign, UUID> {

    List<EvaluationCampaign> findAllByOrderByCreatedAtDesc();
}
