package io.quanyun.authorization;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.Violations;

/** One panel member's review of a call (Art. 8(3)): conflict declaration, then scores, then submission. */
@Table("authorization_review")
final class Review {

    private final @Id UUID id;
    private final UUID callId;
    private final UUID expertUserId;
    private final String expertName;
    private final UUID expertOrganizationId;
    private ReviewState state;
    private @Nullable String declaration;
    private final Instant assignedAt;
    private @Nullable Instant declaredAt;
    private @Nullable Instant submittedAt;
    @MappedCollection(idColumn = "review_id", keyColumn = "position")
    private final List<Exclusion> exclusions;
    @MappedCollection(idColumn = "review_id", keyColumn = "position")
    private final List<Score> scores;
    private @Version @Nullable Long version;

    @PersistenceCreator
    Review(UUID id, UUID callId, UUID expertUserId, String expertName, UUID expertOrganizationId,
            ReviewState state, @Nullable String declaration, Instant assignedAt, @Nullable Instant declaredAt,
            @Nullable Instant submittedAt, List<Exclusion> exclusions, List<Score> scores, @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.callId = requireNonNull(callId, "callId is null");
        this.expertUserId = requireNonNull(expertUserId, "expertUserId is null");
        this.expertName = requireNonNull(expertName, "expertName is null");
        this.expertOrganizationId = requireNonNull(expertOrganizationId, "expertOrganizationId is null");
        this.state = requireNonNull(state, "state is null");
        this.declaration = declaration;
        this.assignedAt = requireNonNull(assignedAt, "assignedAt is null");
        this.declaredAt = declaredAt;
        this.submittedAt = submittedAt;
        this.exclusions = new ArrayList<>(exclusions);
        this.scores = new ArrayList<>(scores);
        this.version = version;
    }

    /** Assigns an expert, with the exclusions found automatically (affiliation, legal representative). */
    static Review assign(UUID callId, UUID expertUserId, String expertName, UUID expertOrganizationId,
            List<Exclusion> automaticExclusions, Instant now) {
        return new Review(UUID.randomUUID(), callId, expertUserId, expertName, expertOrganizationId,
                ReviewState.DECLARING, null, now, null, null, automaticExclusions, List.of(), null);
    }

    /** Declares conflicts of interest: each named application is excluded too. */
    void declare(Collection<UUID> conflictedApplications, @Nullable String statement, Instant now) {
        transitionTo(ReviewState.SCORING);
        for (UUID application : conflictedApplications) {
            if (!isExcludedFrom(application)) {
                exclusions.add(new Exclusion(application, ExclusionReason.DECLARED));
            }
        }
        declaration = statement == null || statement.isBlank()
                ? (conflictedApplications.isEmpty() ? "无利益冲突 (no conflict of interest)" : "申报回避")
                : statement.trim();
        declaredAt = now;
    }

    /** Scores one application on every criterion; replaces earlier scores of it while scoring. */
    void score(UUID applicationId, List<Score> given, List<Criterion> criteria) {
        if (state != ReviewState.SCORING) {
            throw Transitions.refuse(ErrorCode.ILLEGAL_STATE_TRANSITION, "review " + id + " is " + state
                    + ": scores are given only after the conflict declaration and before submission", "review", id);
        }
        if (isExcludedFrom(applicationId)) {
            throw Transitions.refuse(ErrorCode.CONFLICT_OF_INTEREST,
                    "The expert is excluded from application " + applicationId, "review", id);
        }
        Violations violations = Violations.create();
        Set<String> seen = new HashSet<>();
        for (Score score : given) {
            violations.check(criteria.stream().anyMatch(c -> c.code().equals(score.criterionCode())), "scores",
                    "未知的评审标准 (unknown criterion) " + score.criterionCode());
            violations.check(seen.add(score.criterionCode()), "scores",
                    "评审标准重复 (criterion scored twice) " + score.criterionCode());
            violations.check(score.score() >= 0 && score.score() <= 100, "scores",
                    "分数为0至100 (a score is 0 to 100)");
            violations.check(!score.comment().isBlank() && score.comment().length() <= 2000, "scores",
                    "每项评分须有评语 (each score needs a comment)");
        }
        violations.check(seen.size() == criteria.size(), "scores",
                "须对每一项评审标准打分 (every criterion must be scored)");
        violations.throwIfAny();
        scores.removeIf(score -> score.applicationId().equals(applicationId));
        scores.addAll(given);
    }

    /** Submits the scores; every application not excluded must be scored on every criterion. */
    void submit(Collection<UUID> applicationsUnderReview, List<Criterion> criteria, Instant now) {
        if (state == ReviewState.SCORING) {
            Violations violations = Violations.create();
            for (UUID application : applicationsUnderReview) {
                if (!isExcludedFrom(application)) {
                    long scored = scores.stream().filter(s -> s.applicationId().equals(application)).count();
                    violations.check(scored == criteria.size(), "scores",
                            "申报 " + application + " 尚未评分 (not yet scored)");
                }
            }
            violations.throwIfAny();
        }
        transitionTo(ReviewState.SUBMITTED);
        submittedAt = now;
    }

    boolean isExcludedFrom(UUID applicationId) {
        return exclusions.stream().anyMatch(e -> e.applicationId().equals(applicationId));
    }

    private void transitionTo(ReviewState target) {
        if (!state.canMoveTo(target)) {
            throw Transitions.illegal("review", id, state, target);
        }
        state = target;
    }

    /** The view; the expert's own scores are shown only to the expert and, once unsealed, the authority. */
    ReviewView view(boolean withScores) {
        return new ReviewView(id, callId, expertUserId, expertName, state, declaration, assignedAt, declaredAt,
                submittedAt, List.copyOf(exclusions), withScores ? List.copyOf(scores) : List.of());
    }

    UUID id() { return id; }
    UUID callId() { return callId; }
    UUID expertUserId() { return expertUserId; }
    ReviewState state() { return state; }
    List<Score> scores() { return List.copyOf(scores); }
    List<Exclusion> exclusions() { return List.copyOf(exclusions); }
}
