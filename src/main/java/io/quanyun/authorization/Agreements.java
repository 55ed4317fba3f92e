package io.quanyun.authorization;

import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

interface Agreements extends ListCrudRepository<Agreement, UUID> {
    List<Agreement> findAllByOrderByGeneratedAtDesc();

    List<Agreement> findByState(AgreementState state);

    List<Agreement> findByCallId(UUID callId);
}
