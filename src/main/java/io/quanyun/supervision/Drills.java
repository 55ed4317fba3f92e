package io.quanyun.supervision;

import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

interface Drills extends ListCrudRepository<Drill, UUID> {

    List<Drill> findAllByOrderByHeldOnDesc();
}
