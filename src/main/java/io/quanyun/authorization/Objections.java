package io.quanyun.authorization;

import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

interface Objections extends ListCrudRepository<Objection, UUID> {
    List<Objection> findByCallIdOrderByFiledAt(UUID callId);
}
