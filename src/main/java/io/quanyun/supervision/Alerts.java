package io.quanyun.supervision;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

interface Alerts extends ListCrudRepository<Alert, UUID> {

    List<Alert> findAllByOrderByRaisedAtDesc();

    Optional<Alert> findFirstByRuleCodeAndSubjectAndStateIn(MonitoringRuleCode ruleCode, String subject,
            Collection<AlertState> states);
}
