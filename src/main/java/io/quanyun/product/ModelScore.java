package io.quanyun.product;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A model product's answer about one entity: its score (a predicted value or a probability), or not found when
 * the model has no score for it. No stored value is part of the answer.
 */
public record ModelScore(UUID productId, int revision, String kind, boolean found, @Nullable Double score) {
}
