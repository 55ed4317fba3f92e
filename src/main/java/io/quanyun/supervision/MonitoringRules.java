package io.quanyun.supervision;

import java.util.List;

import org.springframework.data.repository.ListCrudRepository;

interface MonitoringRules extends ListCrudRepository<MonitoringRule, MonitoringRuleCode> {

    List<MonitoringRule> findAllByOrderByCode();
}
