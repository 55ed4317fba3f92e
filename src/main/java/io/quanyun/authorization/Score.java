package io.quanyun.authorization;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

import org.springframework.data.relational.core.mapping.Table;

/** One expert's score (0-100) of one application on one criterion, with a comment. */
@Table("review_score")
public record Score(UUID applicationId, String criterionCode, int score, String comment) {
    public Score {
        requireNonNull(applicationId, "applicationId is null");
        requireNonNull(criterionCode, "criterionCode is null");
        requireNonNull(comment, "comment is null");
    }
}
