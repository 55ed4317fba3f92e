package io.quanyun.product;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quanyun.sandbox.TrainedModel;

/** A model product's published revision: the model's public parameters and how it was trained. */
public record ModelView(UUID productId, int revision, TrainedModel model, long scoredEntities, Instant trainedAt) {

    /** The feature names, for pages. */
    public List<String> featureNames() {
        return model.features().stream().map(f -> f.column()).toList();
    }
}
