package io.quanyun.catalog;

import java.util.UUID;

/** Event: the authority published a dataset in the catalog. */
public record DatasetPublished(UUID datasetId, String code, UUID providerId) {
}
