package io.quanyun.catalog;

import java.util.UUID;

/**
 * What share of a dataset's subjects (distinct values of its privacy unit in the version that serves) consented
 * to a purpose for an operator, today.
 *
 * @param share {@code consenting / subjects}, 0 when the dataset has no subject
 */
public record ConsentShare(UUID datasetId, int version, String purpose, UUID operatorId, long subjects,
        long consenting, double share) {
}
