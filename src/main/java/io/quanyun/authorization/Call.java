package io.quanyun.authorization;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.domain.AbstractAggregateRoot;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

import io.quanyun.catalog.Classification;
import io.quanyun.catalog.Domain;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Violations;
import io.quanyun.shared.Zones;

/** A call for applications (申报公告), Art. 7 and 8(1). */
@Table("authorization_call")
final class Call extends AbstractAggregateRoot<Call> {

    /** National cap of 2025: an agreement runs at most five years. */
    static final int MAXIMUM_TERM_MONTHS = 60;

    private final @Id UUID id;
    private final String title;
    private final String description;
    private final CallMode mode;
    private CallState state;
    private final UUID authorizerId;
    private final String authorizerName;
    private final UUID draftedBy;
    private final UUID authorityId;
    private final Instant opensAt;
    private final Instant closesAt;
    private final int noticeDays;
    private final int termMonths;
    private @Nullable String withdrawalReason;
    private final Instant createdAt;
    private @Nullable Instant publishedAt;
    private @Nullable Instant reviewStartedAt;
    private @Nullable Instant noticeStartsAt;
    private @Nullable Instant noticeEndsAt;
    private @Nullable Instant concludedAt;
    private final @Nullable Classification grade;
    private @Nullable Instant providerConcurredAt;
    private @Nullable String providerConcurredBy;
    @MappedCollection(idColumn = "call_id", keyColumn = "position")
    private final List<Criterion> criteria;
    @MappedCollection(idColumn = "call_id", keyColumn = "position")
    private final List<RequiredDocument> requirements;
    @MappedCollection(idColumn = "call_id", keyColumn = "position")
    private final List<ScopedDataset> datasets;
    @MappedCollection(idColumn = "call_id", keyColumn = "position")
    private final List<ScopedDomain> domains;
    private @Version @Nullable Long version;

    @PersistenceCreator
    Call(UUID id, String title, String description, CallMode mode, CallState state, UUID authorizerId,
            String authorizerName, UUID draftedBy, UUID authorityId, Instant opensAt, Instant closesAt,
            int noticeDays, int termMonths, @Nullable String withdrawalReason, Instant createdAt,
            @Nullable Instant publishedAt, @Nullable Instant reviewStartedAt, @Nullable Instant noticeStartsAt,
            @Nullable Instant noticeEndsAt, @Nullable Instant concludedAt, List<Criterion> criteria,
            List<RequiredDocument> requirements, List<ScopedDataset> datasets, List<ScopedDomain> domains,
            @Nullable Classification grade, @Nullable Instant providerConcurredAt,
            @Nullable String providerConcurredBy, @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.title = requireNonNull(title, "title is null");
        this.description = requireNonNull(description, "description is null");
        this.mode = requireNonNull(mode, "mode is null");
        this.state = requireNonNull(state, "state is null");
        this.authorizerId = requireNonNull(authorizerId, "authorizerId is null");
        this.authorizerName = requireNonNull(authorizerName, "authorizerName is null");
        this.draftedBy = requireNonNull(draftedBy, "draftedBy is null");
        this.authorityId = requireNonNull(authorityId, "authorityId is null");
        this.opensAt = requireNonNull(opensAt, "opensAt is null");
        this.closesAt = requireNonNull(closesAt, "closesAt is null");
        this.noticeDays = noticeDays;
        this.termMonths = termMonths;
        this.withdrawalReason = withdrawalReason;
        this.createdAt = requireNonNull(createdAt, "createdAt is null");
        this.publishedAt = publishedAt;
        this.reviewStartedAt = reviewStartedAt;
        this.noticeStartsAt = noticeStartsAt;
        this.noticeEndsAt = noticeEndsAt;
        this.concludedAt = concludedAt;
        this.criteria = new ArrayList<>(criteria);
        this.requirements = new ArrayList<>(requirements);
        this.datasets = new ArrayList<>(datasets);
        this.domains = new ArrayList<>(domains);
        this.grade = grade;
        this.providerConcurredAt = providerConcurredAt;
        this.providerConcurredBy = providerConcurredBy;
        this.version = version;
    }

    /**
     * Drafts a call. Validation failures are collected and reported together; criteria may still be missing
     * (publishing needs them), but criteria that are given must weigh 100 in total.
     *
     * <p>Graded authorization (see ADR 2026-11-29 graded authorization): the call names its level, general or
     * important data, and its scope is an explicit list of datasets (no domains), each checked by the facade
     * against the level. Domain-specific authorization: {@code concurredBy} is the provider's user when the
     * provider drafts it itself (drafting is its concurrence), null when the authority drafts it.
     */
    static Call draft(DraftCall command, UUID authorizerId, String authorizerName, UUID draftedBy,
            UUID authorityId, List<ScopedDataset> datasets, @Nullable String concurredBy, Instant now) {
        Violations violations = Violations.create()
                .check(command.title() != null && !command.title().isBlank() && command.title().length() <= 200,
                        "title", "标题必填且不超过200字 (title is required, at most 200 characters)")
                .check(command.mode() != null, "mode", "授权模式必填 (mode is required)")
                .check(command.opensAt() != null && command.closesAt() != null
                        && command.opensAt().isBefore(command.closesAt()), "closesAt",
                        "申报截止须晚于开始 (the window must close after it opens)")
                .check(command.noticeDays() >= 5 && command.noticeDays() <= 30, "noticeDays",
                        "公示期为5至30日 (the notice period is 5 to 30 days)")
                .check(command.termMonths() >= 1 && command.termMonths() <= MAXIMUM_TERM_MONTHS, "termMonths",
                        "授权期限不超过5年 (the term is at most five years, 60 months)")
                .check(!datasets.isEmpty() || !nullToEmpty(command.domains()).isEmpty(), "scope",
                        "授权范围须包含数据集或领域 (the scope names datasets or domains)");
        if (command.mode() == CallMode.GRADED) {
            violations.check(command.grade() != null && command.grade().isAuthorizable(), "grade",
                    "分级授权须选择授权级别：一般数据或重要数据 (a graded call names its level: general or important data)")
                    .check(nullToEmpty(command.domains()).isEmpty(), "domains",
                            "分级授权按数据集逐一确定范围，不按领域授权 (a graded call lists its datasets, not domains)");
        } else {
            violations.check(command.grade() == null, "grade",
                    "只有分级授权设定授权级别 (only a graded call has a level)");
        }
        List<Criterion> criteria = new ArrayList<>();
        int position = 1;
        for (CriterionInput input : nullToEmpty(command.criteria())) {
            violations.check(input.name() != null && !input.name().isBlank(), "criteria",
                    "评审标准须有名称 (a criterion needs a name)");
            violations.check(input.weight() >= 1 && input.weight() <= 100, "criteria",
                    "权重为1至100 (a weight is 1 to 100)");
            criteria.add(new Criterion("C" + position++, input.name() == null ? "" : input.name().trim(),
                    input.weight()));
        }
        int total = criteria.stream().mapToInt(Criterion::weight).sum();
        violations.check(criteria.isEmpty() || total == 100, "criteria",
                "评审标准权重合计须为100，现为" + total + " (the weights sum to " + total + ", not 100)");
        Set<String> codes = new HashSet<>();
        for (RequiredDocument requirement : nullToEmpty(command.requirements())) {
            violations.check(requirement.code().matches("[a-z][a-z0-9_]{1,39}"), "requirements",
                    "材料代码为小写字母、数字和下划线 (document codes: lower-case letters, digits, _)");
            violations.check(codes.add(requirement.code()), "requirements",
                    "材料代码重复 (document codes must be unique)");
        }
        violations.throwIfAny();
        List<ScopedDomain> domains = nullToEmpty(command.domains()).stream().distinct().map(ScopedDomain::new)
                .toList();
        return new Call(UUID.randomUUID(), command.title().trim(),
                command.description() == null ? "" : command.description().trim(), command.mode(), CallState.DRAFT,
                authorizerId, authorizerName, draftedBy, authorityId, command.opensAt(), command.closesAt(),
                command.noticeDays(), command.termMonths(), null, now, null, null, null, null, null, criteria,
                nullToEmpty(command.requirements()), datasets, domains,
                command.mode() == CallMode.GRADED ? command.grade() : null,
                concurredBy == null ? null : now, concurredBy, null);
    }

    /**
     * The provider's concurrence with a domain-specific draft the authority drafted (Art. 7, 8(3)): the
     * authority publishes only after it.
     */
    void concur(String by, Instant now) {
        if (mode != CallMode.DOMAIN_SPECIFIC) {
            throw Transitions.refuse(ErrorCode.ILLEGAL_STATE_TRANSITION,
                    "Only a domain-specific call needs the provider's concurrence", "call", id);
        }
        if (state != CallState.DRAFT || providerConcurredAt != null) {
            throw Transitions.refuse(ErrorCode.ILLEGAL_STATE_TRANSITION, "Call " + id + " is " + state
                    + (providerConcurredAt != null ? " and its provider has already concurred" : ""), "call", id);
        }
        providerConcurredAt = now;
        providerConcurredBy = by;
    }

    /** Publishes the call on the portal. Refused without criteria whose weights sum to 100. */
    void publish(Instant now) {
        if (state != CallState.DRAFT) {
            throw Transitions.illegal("call", id, state, CallState.PUBLISHED);
        }
        int sum = criteria.stream().mapToInt(Criterion::weight).sum();
        if (criteria.isEmpty() || sum != 100) {
            throw new QuanyunException(ErrorCode.REVIEW_CRITERIA_INVALID,
                    criteria.isEmpty() ? "A call cannot be published without review criteria"
                            : "The weights of the review criteria sum to " + sum + ", not 100",
                    List.of(), "call", id.toString());
        }
        if (!closesAt.isAfter(now)) {
            throw Transitions.refuse(ErrorCode.APPLICATION_WINDOW_CLOSED,
                    "The application window closes in the past", "call", id);
        }
        if (mode == CallMode.DOMAIN_SPECIFIC && providerConcurredAt == null) {
            throw Transitions.refuse(ErrorCode.PROVIDER_CONCURRENCE_MISSING, "The provider " + authorizerName
                    + " has not concurred with domain-specific call " + id + " yet", "call", id);
        }
        transitionTo(CallState.PUBLISHED);
        publishedAt = now;
        registerEvent(new CallPublished(id, mode, opensAt, closesAt));
    }

    /** Withdraws the call with a reason, before its window closes. */
    void withdraw(String reason, Instant now) {
        if (reason == null || reason.isBlank()) {
            Violations.create().add("reason", "撤回须说明理由 (a withdrawal needs a reason)").throwIfAny();
        }
        if (state == CallState.PUBLISHED && !now.isBefore(closesAt)) {
            throw Transitions.refuse(ErrorCode.ILLEGAL_STATE_TRANSITION,
                    "call " + id + " cannot be withdrawn: its application window has closed", "call", id);
        }
        transitionTo(CallState.WITHDRAWN);
        withdrawalReason = reason.trim();
    }

    /** Whether applications are accepted at {@code now}. */
    boolean acceptsApplicationsAt(Instant now) {
        return state == CallState.PUBLISHED && !now.isBefore(opensAt) && now.isBefore(closesAt);
    }

    /** Closes the window for good and hands the applications to the panel. */
    void startReview(Instant now) {
        if (state == CallState.PUBLISHED && now.isBefore(closesAt)) {
            throw Transitions.refuse(ErrorCode.APPLICATION_WINDOW_OPEN,
                    "The application window of call " + id + " closes at " + closesAt, "call", id);
        }
        transitionTo(CallState.REVIEWING);
        reviewStartedAt = now;
    }

    /** Publishes the shortlist for the notice period, counted in calendar days in Asia/Shanghai. */
    void publishNotice(Instant now) {
        transitionTo(CallState.NOTICE);
        noticeStartsAt = now;
        noticeEndsAt = now.atZone(Zones.SHANGHAI).plusDays(noticeDays).toInstant();
        registerEvent(new NoticePublished(id, now, noticeEndsAt));
    }

    boolean acceptsObjectionsAt(Instant now) {
        return state == CallState.NOTICE && noticeEndsAt != null && now.isBefore(noticeEndsAt);
    }

    /** Ends the call: after the notice period, or from review when no application remains. */
    void conclude(Instant now) {
        if (state == CallState.NOTICE && noticeEndsAt != null && now.isBefore(noticeEndsAt)) {
            throw Transitions.refuse(ErrorCode.NOTICE_PERIOD_RUNNING,
                    "The notice period of call " + id + " ends at " + noticeEndsAt, "call", id);
        }
        transitionTo(CallState.CONCLUDED);
        concludedAt = now;
    }

    private void transitionTo(CallState target) {
        if (!state.canMoveTo(target)) {
            throw Transitions.illegal("call", id, state, target);
        }
        state = target;
    }

    int totalWeight() {
        return criteria.stream().mapToInt(Criterion::weight).sum();
    }

    CallView view() {
        return new CallView(id, title, description, mode, state, authorizerId, authorizerName, authorityId,
                draftedBy, opensAt, closesAt, noticeDays, termMonths, List.copyOf(criteria),
                List.copyOf(requirements), List.copyOf(datasets), domains.stream().map(ScopedDomain::domain).toList(),
                withdrawalReason, createdAt, publishedAt, reviewStartedAt, noticeStartsAt, noticeEndsAt,
                concludedAt, grade, providerConcurredAt, providerConcurredBy);
    }

    private static <T> List<T> nullToEmpty(@Nullable List<T> list) {
        return list == null ? List.of() : list;
    }

    /** The events registered and not yet published (for tests). */
    java.util.Collection<Object> registeredEvents() { return domainEvents(); }

    UUID id() { return id; }
    String title() { return title; }
    CallMode mode() { return mode; }
    CallState state() { return state; }
    UUID authorizerId() { return authorizerId; }
    String authorizerName() { return authorizerName; }
    UUID draftedBy() { return draftedBy; }
    UUID authorityId() { return authorityId; }
    Instant opensAt() { return opensAt; }
    Instant closesAt() { return closesAt; }
    int termMonths() { return termMonths; }
    @Nullable Instant noticeEndsAt() { return noticeEndsAt; }
    List<Criterion> criteria() { return List.copyOf(criteria); }
    List<RequiredDocument> requirements() { return List.copyOf(requirements); }
    List<ScopedDataset> datasets() { return List.copyOf(datasets); }
    List<Domain> domains() { return domains.stream().map(ScopedDomain::domain).toList(); }
    @Nullable Classification grade() { return grade; }
    @Nullable Instant providerConcurredAt() { return providerConcurredAt; }
}
