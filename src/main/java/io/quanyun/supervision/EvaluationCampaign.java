package io.quanyun.supervision;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Violation;

/**
 * An evaluation campaign (Art. 17): weighted criteria summing to 100, scores 0-100 per operator and criterion
 * by named evaluators, and on closing a result per operator (the weighted mean of the evaluators' average per
 * criterion) compared with the pass mark.
 */
@Table("evaluation_campaign")
final class EvaluationCampaign {

    private final @Id UUID id;
    private final UUID authorityId;
    private final String name;
    private final String period;
    private final int passMark;
    private CampaignState state;
    private final Instant createdAt;
    private Instant updatedAt;
    @MappedCollection(idColumn = "evaluation_campaign")
    private Set<CriterionWeight> criteria;
    @MappedCollection(idColumn = "evaluation_campaign", keyColumn = "position")
    private List<Score> scores;
    @MappedCollection(idColumn = "evaluation_campaign")
    private Set<Result> results;
    private @Version @Nullable Long version;

    /** A criterion's weight, in percent. */
    @Table("evaluation_criterion")
    record CriterionWeight(Criterion criterion, int weight) {
    }

    /** One evaluator's score of one operator on one criterion. */
    @Table("evaluation_score")
    record Score(UUID operatorId, Criterion criterion, int score, @Nullable String evidence, String evaluator,
            Instant scoredAt) {
    }

    /** An operator's result once the campaign is closed, and its response. */
    @Table("evaluation_result")
    record Result(UUID operatorId, BigDecimal score, boolean passed, @Nullable String response) {
    }

    @PersistenceCreator
    EvaluationCampaign(UUID id, UUID authorityId, String name, String period, int passMark, CampaignState state,
            Instant createdAt, Instant updatedAt, Set<CriterionWeight> criteria, List<Score> scores,
            Set<Result> results, @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.authorityId = requireNonNull(authorityId, "authorityId is null");
        this.name = requireNonNull(name, "name is null");
        this.period = requireNonNull(period, "period is null");
        this.passMark = passMark;
        this.state = requireNonNull(state, "state is null");
        this.createdAt = requireNonNull(createdAt, "createdAt is null");
        this.updatedAt = requireNonNull(updatedAt, "updatedAt is null");
        this.criteria = new HashSet<>(criteria);
        this.scores = new ArrayList<>(scores);
        this.results = new HashSet<>(results);
        this.version = version;
    }

    /** Opens a campaign; refuses weights that are not positive or do not sum to 100. */
    static EvaluationCampaign open(UUID authorityId, String name, String period, int passMark,
            Map<Criterion, Integer> weights, Instant now) {
        List<Violation> violations = new ArrayList<>();
        if (weights.isEmpty() || weights.values().stream().anyMatch(w -> w == null || w <= 0)) {
            violations.add(new Violation("weights", "每项权重须为正整数 (each weight must be a positive integer)"));
        } else if (weights.values().stream().mapToInt(Integer::intValue).sum() != 100) {
            violations.add(new Violation("weights", "权重之和须为100 (weights must sum to 100)"));
        }
        if (passMark < 0 || passMark > 100) {
            violations.add(new Violation("passMark", "及格分须在0到100之间 (pass mark between 0 and 100)"));
        }
        if (!violations.isEmpty()) {
            throw QuanyunException.invalid(violations);
        }
        Set<CriterionWeight> criteria = weights.entrySet().stream()
                .map(e -> new CriterionWeight(e.getKey(), e.getValue())).collect(Collectors.toSet());
        return new EvaluationCampaign(UUID.randomUUID(), authorityId, name, period, passMark, CampaignState.OPEN,
                now, now, criteria, List.of(), Set.of(), null);
    }

    /** An evaluator scores an operator on a criterion of this campaign; a new score replaces the evaluator's own. */
    void score(UUID operatorId, Criterion criterion, int value, @Nullable String evidence, String evaluator,
            Instant now) {
        requireState(CampaignState.OPEN);
        if (criteria.stream().noneMatch(c -> c.criterion() == criterion)) {
            throw QuanyunException.invalid(List.of(new Violation("criterion",
                    "该评估不含此项指标 (the campaign has no such criterion)")));
        }
        if (value < 0 || value > 100) {
            throw QuanyunException.invalid(List.of(new Violation("score", "分数须在0到100之间 (0 to 100)")));
        }
        scores.removeIf(s -> s.operatorId().equals(operatorId) && s.criterion() == criterion
                && s.evaluator().equals(evaluator));
        scores.add(new Score(operatorId, criterion, value, evidence, evaluator, now));
        updatedAt = now;
    }

    /**
     * Closes the campaign and computes each scored operator's result. Refuses while an operator lacks a score
     * on a criterion.
     *
     * @return the operators that failed
     */
    List<UUID> close(Instant now) {
        Set<UUID> operators = scores.stream().map(Score::operatorId).collect(Collectors.toCollection(LinkedHashSet::new));
        List<Violation> missing = new ArrayList<>();
        Set<Result> computed = new HashSet<>();
        for (UUID operator : operators) {
            BigDecimal total = BigDecimal.ZERO;
            for (CriterionWeight weight : criteria) {
                var values = scores.stream()
                        .filter(s -> s.operatorId().equals(operator) && s.criterion() == weight.criterion())
                        .mapToInt(Score::score).summaryStatistics();
                if (values.getCount() == 0) {
                    missing.add(new Violation(operator + "." + weight.criterion(), "缺少评分 (no score)"));
                    continue;
                }
                total = total.add(BigDecimal.valueOf(values.getAverage()).multiply(BigDecimal.valueOf(weight.weight())));
            }
            BigDecimal score = total.divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
            computed.add(new Result(operator, score, score.compareTo(BigDecimal.valueOf(passMark)) >= 0, null));
        }
        if (!missing.isEmpty()) {
            throw new QuanyunException(ErrorCode.EVALUATION_INCOMPLETE, ErrorCode.EVALUATION_INCOMPLETE.titleEn(),
                    missing, "evaluation", id.toString());
        }
        transitionTo(CampaignState.CLOSED, now);
        results = computed;
        return computed.stream().filter(r -> !r.passed()).map(Result::operatorId).sorted().toList();
    }

    /** The operator's response to its result. */
    void respond(UUID operatorId, String response, Instant now) {
        requireState(CampaignState.CLOSED);
        Result result = results.stream().filter(r -> r.operatorId().equals(operatorId)).findFirst()
                .orElseThrow(() -> QuanyunException.notFound("evaluation result", operatorId));
        results.remove(result);
        results.add(new Result(operatorId, result.score(), result.passed(), response));
        updatedAt = now;
    }

    private void requireState(CampaignState required) {
        if (state != required) {
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION,
                    "The campaign is " + state + ", this needs " + required, List.of(), "evaluation", id.toString());
        }
    }

    /** Moves to {@code target} or refuses with {@link ErrorCode#ILLEGAL_STATE_TRANSITION}. */
    private void transitionTo(CampaignState target, Instant now) {
        if (!state.next().contains(target)) {
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION,
                    "Campaign cannot go from " + state + " to " + target, List.of(), "evaluation", id.toString());
        }
        state = target;
        updatedAt = now;
    }

    UUID id() {
        return id;
    }

    UUID authorityId() {
        return authorityId;
    }

    CampaignState state() {
        return state;
    }

    String period() {
        return period;
    }

    Instant createdAt() {
        return createdAt;
    }

    /** Every scored operator, in order. */
    Set<UUID> scoredOperators() {
        return scores.stream().map(Score::operatorId).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** The criteria of the campaign. */
    Set<Criterion> criteria() {
        return criteria.stream().map(CriterionWeight::criterion)
                .collect(Collectors.toCollection(() -> java.util.EnumSet.noneOf(Criterion.class)));
    }

    int passMark() {
        return passMark;
    }

    @Nullable Result resultOf(UUID operatorId) {
        return results.stream().filter(r -> r.operatorId().equals(operatorId)).findFirst().orElse(null);
    }

    /** The campaign as shown; {@code onlyOperator} limits scores and results to one operator (its own view). */
    EvaluationView view(@Nullable UUID onlyOperator) {
        Map<Criterion, Integer> weights = new EnumMap<>(Criterion.class);
        criteria.forEach(c -> weights.put(c.criterion(), c.weight()));
        return new EvaluationView(id, authorityId, name, period, passMark, state, weights,
                scores.stream().filter(s -> onlyOperator == null || s.operatorId().equals(onlyOperator))
                        .map(s -> new EvaluationView.ScoreView(s.operatorId(), s.criterion(), s.score(), s.evidence(),
                                s.evaluator(), s.scoredAt()))
                        .toList(),
                results.stream().filter(r -> onlyOperator == null || r.operatorId().equals(onlyOperator))
                        .sorted(java.util.Comparator.comparing(Result::score))
                        .map(r -> new EvaluationView.ResultView(r.operatorId(), r.score(), r.passed(), r.response()))
                        .toList(),
                createdAt);
    }
}
