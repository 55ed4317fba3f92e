package io.quanyun.catalog;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Command: a provider registers (or, in draft, redescribes) a dataset.
 *
 * @param code the table name used in SQL: lower case, letters, digits and underscores
 * @param updateFrequency e.g. DAILY, WEEKLY, MONTHLY, QUARTERLY, YEARLY, IRREGULAR
 */
public record RegisterDataset(@Nullable String code, @Nullable String name, @Nullable String description,
        @Nullable Set<Domain> domains, @Nullable String updateFrequency, @Nullable List<FieldSpecification> fields) {
}
