package io.quanyun.supervision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The evidence the platform holds on an operator under evaluation (Art. 17), for the campaign's period, grouped
 * under the criteria it bears on. Live while the campaign is open; frozen when it closes, with the SHA-256 of
 * the canonical text of the figures ({@code criterion.figure=value} lines in order).
 *
 * @param figures per criterion, named figures (queries, refusedQueries, alertsCritical, ...) and their values
 * @param frozenAt when the snapshot was taken; null while live
 * @param sha256 the hash of the frozen figures; null while live
 */
public record EvaluationEvidence(UUID campaignId, UUID operatorId, LocalDate periodStart, LocalDate periodEnd,
        Map<Criterion, Map<String, Long>> figures, @Nullable Instant frozenAt, @Nullable String sha256) {
}
