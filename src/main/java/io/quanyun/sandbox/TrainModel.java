package io.quanyun.sandbox;

import java.util.List;
import java.util.UUID;

/**
 * A request to train a model inside the sandbox on a derived table of a grant.
 *
 * @param table a derived table of the grant; one row per person is used (the privacy unit column identifies it)
 * @param features numeric columns of the table, each with public bounds (values are clamped to them)
 * @param target the numeric column to predict; for logistic regression 1 (or true) is the positive class
 * @param targetLower lower bound of the target (linear regression)
 * @param targetUpper upper bound of the target (linear regression)
 * @param epsilon the privacy budget the training spends from the grant
 */
public record TrainModel(UUID grantId, ModelKind kind, String table, List<Feature> features, String target,
        double targetLower, double targetUpper, double epsilon) {

    /** A feature column with the public bounds its values are clamped to. */
    public record Feature(String column, double lower, double upper) {
    }

    public TrainModel {
        features = List.copyOf(features);
    }
}
