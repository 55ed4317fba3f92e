package io.quanyun.authorization;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

interface AgreementTemplates extends ListCrudRepository<AgreementTemplate, UUID> {
    Optional<AgreementTemplate> findByState(TemplateState state);

    List<AgreementTemplate> findAllByOrderByTemplateVersionDesc();
}
