package io.quanyun.catalog;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

interface Datasets extends ListCrudRepository<Dataset, UUID> {

    Optional<Dataset> findByCode(String code);

    List<Dataset> findByStateOrderByCode(DatasetState state);

    List<Dataset> findByProviderIdOrderByCode(UUID providerId);

    List<Dataset> findAllByOrderByCode();
}
