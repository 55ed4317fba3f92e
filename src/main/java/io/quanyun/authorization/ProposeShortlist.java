package io.quanyun.authorization;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** The authority's shortlist, proposed from the ranking, to be published for public notice. */
public record ProposeShortlist(@Nullable List<UUID> applicationIds) {
}
