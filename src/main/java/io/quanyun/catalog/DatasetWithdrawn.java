package io.quanyun.catalog;

import java.util.UUID;

/** Event: a dataset left the catalog; grants on it must end. */
public record DatasetWithdrawn(UUID datasetId, String code, String reason) {
}
