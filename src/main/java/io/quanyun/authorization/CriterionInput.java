package io.quanyun.authorization;

import org.jspecify.annotations.Nullable;

/** A review criterion as drafted: a name and a weight (the code is assigned). */
public record CriterionInput(@Nullable String name, int weight) {
}
