package io.quanyun.authorization;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A version of the agreement template. */
public record TemplateView(UUID id, int templateVersion, String title, TemplateState state, Instant createdAt,
        String createdBy, List<TemplateClause> clauses) {
}
