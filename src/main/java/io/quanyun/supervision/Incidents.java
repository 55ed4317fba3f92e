package io.quanyun.supervision;

import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

interface Incidents extends ListCrudRepository<Incident, UUID> {

    List<Incident> findAllByOrderByReportedAtDesc();
}
