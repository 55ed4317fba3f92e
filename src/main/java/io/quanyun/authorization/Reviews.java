package io.quanyun.authorization;

import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

interface Reviews extends ListCrudRepository<Review, UUID> {
    List<Review> findByCallId(UUID callId);

    List<Review> findByExpertUserIdOrderByAssignedAtDesc(UUID expertUserId);
}
