package io.quanyun.access;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Command: an operator files one request for one scenario under one of its active agreements. Every
 * component may be null in input; the service reports what is missing.
 *
 * @param intendedProducts the data products the scenario is meant to yield
 * @param durationDays how long the data is needed; the grant never outlives the agreement
 * @param consentPurpose the purpose the data subjects consented to; required when a sensitive personal field is
 *        requested (Art. 6), and the grant is then restricted to consenting subjects
 */
public record FileScenarioRequest(@Nullable UUID agreementId, @Nullable String name, @Nullable String description,
        @Nullable String purpose, @Nullable List<String> intendedProducts, @Nullable Integer durationDays,
        @Nullable List<RequestedFields> datasets, @Nullable String consentPurpose) {
}
