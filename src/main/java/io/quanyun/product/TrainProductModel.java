package io.quanyun.product;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.quanyun.sandbox.ModelKind;
import io.quanyun.sandbox.TrainModel;

/**
 * Train a data model product inside the sandbox on a derived table of the product's grant.
 *
 * @param features numeric columns with public bounds
 * @param targetLower lower bound of the target (linear regression; ignored for logistic)
 * @param targetUpper upper bound of the target (linear regression; ignored for logistic)
 * @param epsilon the privacy budget spent from the grant
 */
public record TrainProductModel(@Nullable ModelKind kind, @Nullable String table,
        @Nullable List<TrainModel.Feature> features, @Nullable String target, @Nullable Double targetLower,
        @Nullable Double targetUpper, @Nullable Double epsilon) {
}
