package io.quanyun.product;

import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

interface Products extends ListCrudRepository<Product, UUID> {

    List<Product> findByGrantId(UUID grantId);

    List<Product> findByOperatorIdOrderByCreatedAtDesc(UUID operatorId);

    List<Product> findAllByOrderByCreatedAtDesc();

    List<Product> findByDatasetCodeAndState(String datasetCode, ProductState state);
}
