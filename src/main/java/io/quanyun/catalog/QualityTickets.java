package io.quanyun.catalog;

import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

interface QualityTickets extends ListCrudRepository<QualityTicket, UUID> {

    List<QualityTicket> findByDatasetIdOrderByReportedAtDesc(UUID datasetId);

    List<QualityTicket> findAllByOrderByReportedAtDesc();

    List<QualityTicket> findByReporterOrgIdOrderByReportedAtDesc(UUID reporterOrgId);
}
