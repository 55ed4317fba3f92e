package io.quanyun.access;

import static java.util.Objects.requireNonNull;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** The validated content of a request: what the scenario is and which data it needs. */
record ScenarioContent(String name, String description, String purpose, List<String> intendedProducts,
        int durationDays, List<RequestedDataset> datasets, @Nullable String consentPurpose) {

    ScenarioContent {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(purpose, "purpose is null");
        intendedProducts = List.copyOf(intendedProducts);
        datasets = List.copyOf(datasets);
        if (datasets.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one dataset");
        }
        if (durationDays < 1) {
            throw new IllegalArgumentException("durationDays must be positive");
        }
    }
}
