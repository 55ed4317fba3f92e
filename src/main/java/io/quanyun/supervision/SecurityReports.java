package io.quanyun.supervision;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

interface SecurityReports extends ListCrudRepository<SecurityReport, UUID> {

    List<SecurityReport> findAllByOrderByFiledAtDesc();

    List<SecurityReport> findByOperatorIdOrderByFiledAtDesc(UUID operatorId);

    Optional<SecurityReport> findByOperatorIdAndPeriod(UUID operatorId, String period);
}
