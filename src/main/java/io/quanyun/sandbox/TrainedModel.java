package io.quanyun.sandbox;

import java.util.List;

/**
 * A model trained inside the sandbox with differential privacy: only its parameters leave the training, never a
 * row. Scores are computed from the scaled weights: features are clamped to their bounds and scaled to [0, 1].
 *
 * @param weights intercept first, then one weight per feature, on the scaled features (logistic: also divided
 *        by the square root of the dimension)
 * @param coefficients per feature in the feature's own unit (linear regression: change of the prediction per
 *        unit; logistic: change of the log-odds per unit)
 * @param intercept the prediction (log-odds) when every feature is zero, in the same units
 * @param rows the number of persons the model was trained on, rounded down to hundreds
 */
public record TrainedModel(ModelKind kind, String table, List<TrainModel.Feature> features, String target,
        double targetLower, double targetUpper, List<Double> weights, List<Double> coefficients, double intercept,
        int rows, double epsilon) {

    public TrainedModel {
        features = List.copyOf(features);
        weights = List.copyOf(weights);
        coefficients = List.copyOf(coefficients);
    }

    /** The score of one person's feature values (null values are not scored). */
    public double score(List<Double> values) {
        int p = features.size() + 1;
        double scale = kind == ModelKind.LOGISTIC_REGRESSION ? 1 / Math.sqrt(p) : 1;
        double z = weights.get(0) * scale;
        for (int j = 0; j < features.size(); j++) {
            z += weights.get(j + 1) * scaled(features.get(j), values.get(j)) * scale;
        }
        return switch (kind) {
            case LINEAR_REGRESSION -> targetLower + (targetUpper - targetLower) * z;
            case LOGISTIC_REGRESSION -> 1 / (1 + Math.exp(-z));
        };
    }

    static double scaled(TrainModel.Feature feature, double value) {
        double z = (value - feature.lower()) / (feature.upper() - feature.lower());
        return Math.max(0, Math.min(1, z));
    }
}
