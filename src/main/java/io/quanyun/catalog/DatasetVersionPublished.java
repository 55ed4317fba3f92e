package io.quanyun.catalog;

import java.util.UUID;

/** A new version of a dataset was ingested and now serves. */
public record DatasetVersionPublished(UUID datasetId, String code, int version, long rowCount) {
}
