package io.quanyun.authorization;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One application's place in a call's ranking.
 *
 * @param weightedScore the mean over the experts who scored it of Σ(score × weight) / 100, two decimals; null
 *        when no expert could score it (all excluded)
 * @param criterionAverages mean score per criterion code
 * @param scoredBy how many experts scored it (excluded experts do not)
 */
public record RankingEntry(int rank, UUID applicationId, String organizationName, ApplicationState state,
        @Nullable BigDecimal weightedScore, Map<String, BigDecimal> criterionAverages, int scoredBy,
        Instant submittedAt) {
}
