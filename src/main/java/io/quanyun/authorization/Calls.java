package io.quanyun.authorization;

import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

interface Calls extends ListCrudRepository<Call, UUID> {
    List<Call> findAllByOrderByCreatedAtDesc();
}
