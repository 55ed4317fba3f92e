package io.quanyun.supervision;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** An evaluation campaign as shown; an operator sees only its own scores and result. */
public record EvaluationView(UUID id, UUID authorityId, String name, String period, int passMark,
        CampaignState state, Map<Criterion, Integer> weights, List<ScoreView> scores, List<ResultView> results,
        Instant createdAt) {

    /** One score. */
    public record ScoreView(UUID operatorId, Criterion criterion, int score, @Nullable String evidence,
            String evaluator, Instant scoredAt) {
    }

    /** One operator's result and response. */
    public record ResultView(UUID operatorId, BigDecimal score, boolean passed, @Nullable String response) {
    }
}
