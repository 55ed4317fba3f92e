package io.quanyun.access;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

interface Grants extends ListCrudRepository<Grant, UUID> {

    List<Grant> findByOperatorIdOrderByCreatedAtDesc(UUID operatorId);

    List<Grant> findAllByOrderByCreatedAtDesc();

    List<Grant> findByStateIn(Collection<GrantState> states);

    List<Grant> findByAgreementIdAndStateIn(UUID agreementId, Collection<GrantState> states);

    List<Grant> findByOperatorIdAndStateIn(UUID operatorId, Collection<GrantState> states);
}
