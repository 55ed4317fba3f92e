package io.quanyun.catalog;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What other modules (authorization, access, sandbox, product) may ask the catalog without a permission
 * check: metadata is public. Values are reached only through the vault, by the sandbox.
 */
public interface DatasetDirectory {

    Optional<DatasetDescriptor> find(UUID datasetId);

    Optional<DatasetDescriptor> findByCode(String code);

    /** Every published dataset, by code. */
    List<DatasetDescriptor> published();
}
