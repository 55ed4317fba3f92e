package io.quanyun.supervision;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Command: an authorizer opens an inspection of an operator, with its scope. */
public record OpenInspection(@Nullable UUID operatorId, @Nullable String scope) {
}
