package io.quanyun.supervision;

import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

interface Inspections extends ListCrudRepository<Inspection, UUID> {

    List<Inspection> findAllByOrderByOpenedAtDesc();
}
