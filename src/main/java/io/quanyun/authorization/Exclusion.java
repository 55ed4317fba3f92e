package io.quanyun.authorization;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

import org.springframework.data.relational.core.mapping.Table;

/** An application an expert may not score, and why. */
@Table("review_exclusion")
public record Exclusion(UUID applicationId, ExclusionReason reason) {
    public Exclusion {
        requireNonNull(applicationId, "applicationId is null");
        requireNonNull(reason, "reason is null");
    }
}
