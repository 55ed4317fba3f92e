package io.quanyun.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quanyun.catalog.Domain;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;

/** Every state machine of the module: allowed moves pass, every other move is refused with a precise error. */
class StateMachineTests {

    static final Instant T0 = Instant.parse("2026-03-01T02:00:00Z");

    @Test
    void finalStates_haveNoNextState() {
        assertThat(EnumSet.allOf(CallState.class).stream().filter(CallState::isFinal))
                .containsExactlyInAnyOrder(CallState.CONCLUDED, CallState.WITHDRAWN);
        assertThat(EnumSet.allOf(ApplicationState.class).stream().filter(ApplicationState::isFinal))
                .containsExactlyInAnyOrder(ApplicationState.WITHDRAWN, ApplicationState.NOT_SHORTLISTED,
                        ApplicationState.REMOVED_AFTER_OBJECTION, ApplicationState.AWARDED, ApplicationState.CLOSED);
        assertThat(EnumSet.allOf(AgreementState.class).stream().filter(AgreementState::isFinal))
                .containsExactlyInAnyOrder(AgreementState.EXPIRED, AgreementState.TERMINATED);
        assertThat(ReviewState.SUBMITTED.isFinal()).isTrue();
        assertThat(ObjectionState.FILED.isFinal()).isFalse();
    }

    // ---------------------------------------------------------------- call

    static DraftCall draft(List<CriterionInput> criteria) {
        return new DraftCall("测试公告", "说明", CallMode.COMPREHENSIVE, null, List.of(), List.of(Domain.HEALTH),
                List.of(new RequiredDocument("business_licence", "营业执照", true)), criteria, T0,
                T0.plus(Duration.ofDays(10)), 7, 36);
    }

    static Call call(List<CriterionInput> criteria) {
        return Call.draft(draft(criteria), UUID.randomUUID(), "济南市大数据局", UUID.randomUUID(), UUID.randomUUID(),
                List.of(), null, T0.minusSeconds(3600));
    }

    static Call call() {
        return call(List.of(new CriterionInput("方案", 60), new CriterionInput("能力", 40)));
    }

    @Test
    void call_publish_withoutCriteria_isRefused() {
        assertThatThrownBy(() -> call(List.of()).publish(T0)).isInstanceOf(QuanyunException.class)
                .extracting(e -> ((QuanyunException) e).code()).isEqualTo(ErrorCode.REVIEW_CRITERIA_INVALID);
        // weights that are given must sum to 100 already when drafting
        assertThatThrownBy(() -> call(List.of(new CriterionInput("方案", 60))))
                .extracting(e -> ((QuanyunException) e).violations().get(0).message())
                .asString().contains("合计须为100，现为60");
    }

    @Test
    void call_draft_withTermOverFiveYears_isRefused() {
        DraftCall tooLong = new DraftCall("t", "", CallMode.GRADED, null, List.of(), List.of(Domain.HEALTH), List.of(),
                List.of(), T0, T0.plusSeconds(60), 7, 61);
        assertThatThrownBy(() -> Call.draft(tooLong, UUID.randomUUID(), "a", UUID.randomUUID(), UUID.randomUUID(),
                List.of(), null, T0)).extracting(e -> ((QuanyunException) e).violations().get(0).field())
                .isEqualTo("termMonths");
    }

    @Test
    void call_walksItsLife_andRefusesEveryOtherMove() {
        Call call = call();
        assertIllegal(() -> call.startReview(T0), ErrorCode.ILLEGAL_STATE_TRANSITION);
        assertIllegal(() -> call.publishNotice(T0), ErrorCode.ILLEGAL_STATE_TRANSITION);
        assertIllegal(() -> call.conclude(T0), ErrorCode.ILLEGAL_STATE_TRANSITION);
        call.publish(T0);
        assertThat(call.state()).isEqualTo(CallState.PUBLISHED);
        assertIllegal(() -> call.publish(T0), ErrorCode.ILLEGAL_STATE_TRANSITION);
        assertThat(call.acceptsApplicationsAt(T0.plusSeconds(1))).isTrue();
        assertThat(call.acceptsApplicationsAt(T0.plus(Duration.ofDays(10)))).isFalse();
        assertIllegal(() -> call.startReview(T0.plus(Duration.ofDays(9))), ErrorCode.APPLICATION_WINDOW_OPEN);
        assertIllegal(() -> call.publishNotice(T0), ErrorCode.ILLEGAL_STATE_TRANSITION);
        assertIllegal(() -> call.withdraw("迟了", T0.plus(Duration.ofDays(10))), ErrorCode.ILLEGAL_STATE_TRANSITION);
        call.startReview(T0.plus(Duration.ofDays(10)));
        assertIllegal(() -> call.withdraw("理由", T0), ErrorCode.ILLEGAL_STATE_TRANSITION);
        call.publishNotice(T0.plus(Duration.ofDays(11)));
        // seven calendar days in Asia/Shanghai
        assertThat(call.noticeEndsAt()).isEqualTo(T0.plus(Duration.ofDays(18)));
        assertThat(call.acceptsObjectionsAt(T0.plus(Duration.ofDays(17)))).isTrue();
        assertThat(call.acceptsObjectionsAt(T0.plus(Duration.ofDays(18)))).isFalse();
        assertIllegal(() -> call.conclude(T0.plus(Duration.ofDays(17))), ErrorCode.NOTICE_PERIOD_RUNNING);
        call.conclude(T0.plus(Duration.ofDays(18)));
        assertThat(call.state()).isEqualTo(CallState.CONCLUDED);
        for (Runnable move : List.<Runnable>of(() -> call.publish(T0), () -> call.withdraw("x", T0),
                () -> call.startReview(T0), () -> call.publishNotice(T0), () -> call.conclude(T0))) {
            assertIllegal(move, ErrorCode.ILLEGAL_STATE_TRANSITION);
        }
        assertThat(call.registeredEvents()).hasAtLeastOneElementOfType(CallPublished.class)
                .hasAtLeastOneElementOfType(NoticePublished.class);
    }

    @Test
    void call_withdraw_needsAReason_andEndsIt() {
        Call call = call();
        assertIllegal(() -> call.withdraw(" ", T0), ErrorCode.VALIDATION_FAILED);
        call.withdraw("范围调整", T0);
        assertThat(call.state()).isEqualTo(CallState.WITHDRAWN);
        assertIllegal(() -> call.publish(T0), ErrorCode.ILLEGAL_STATE_TRANSITION);
    }

    static Call domainSpecific(String concurredBy) {
        DraftCall command = new DraftCall("分领域", "", CallMode.DOMAIN_SPECIFIC, UUID.randomUUID(), List.of(),
                List.of(Domain.HEALTH), List.of(), List.of(new CriterionInput("方案", 100)), T0,
                T0.plus(Duration.ofDays(10)), 7, 12);
        return Call.draft(command, UUID.randomUUID(), "济南市卫生健康委员会", UUID.randomUUID(), UUID.randomUUID(),
                List.of(), concurredBy, T0.minusSeconds(60));
    }

    @Test
    void domainSpecificCall_isPublishedOnlyAfterTheProviderConcurred_once() {
        Call drafted = domainSpecific(null);
        assertIllegal(() -> drafted.publish(T0), ErrorCode.PROVIDER_CONCURRENCE_MISSING);
        assertThat(drafted.state()).isEqualTo(CallState.DRAFT);
        assertThat(drafted.view().awaitsProviderConcurrence()).isTrue();
        drafted.concur("provider-health", T0);
        assertIllegal(() -> drafted.concur("provider-health", T0), ErrorCode.ILLEGAL_STATE_TRANSITION);
        drafted.publish(T0);
        assertThat(drafted.state()).isEqualTo(CallState.PUBLISHED);
        assertThat(drafted.view().providerConcurredBy()).isEqualTo("provider-health");
        // drafted by the provider itself: drafting is its concurrence
        Call own = domainSpecific("provider-health");
        assertThat(own.view().awaitsProviderConcurrence()).isFalse();
        own.publish(T0);
        // a comprehensive call has no provider to concur
        assertIllegal(() -> call().concur("provider", T0), ErrorCode.ILLEGAL_STATE_TRANSITION);
    }

    @Test
    void gradedCall_needsALevelBelowCore_andNoDomains_andItsAgreementScopeNamesTheLevel() {
        DraftCall withDomains = new DraftCall("分级", "", CallMode.GRADED, null, List.of(), List.of(Domain.HEALTH),
                List.of(), List.of(), T0, T0.plusSeconds(60), 7, 12, io.quanyun.catalog.Classification.CORE);
        assertThatThrownBy(() -> Call.draft(withDomains, UUID.randomUUID(), "a", UUID.randomUUID(), UUID.randomUUID(),
                List.of(), null, T0)).extracting(e -> ((QuanyunException) e).violations().stream()
                        .map(io.quanyun.shared.Violation::field).toList()).asList().containsExactly("grade", "domains");
        DraftCall graded = new DraftCall("分级", "", CallMode.GRADED, null, List.of(), List.of(), List.of(),
                List.of(new CriterionInput("方案", 100)), T0, T0.plusSeconds(60), 7, 12,
                io.quanyun.catalog.Classification.GENERAL);
        Call call = Call.draft(graded, UUID.randomUUID(), "济南市大数据局", UUID.randomUUID(), UUID.randomUUID(),
                List.of(new ScopedDataset(UUID.randomUUID(), "district_stats", "区县市场主体统计")), null, T0);
        assertThat(call.grade()).isEqualTo(io.quanyun.catalog.Classification.GENERAL);
        assertThat(AgreementManagement.scopeText(call)).isEqualTo("区县市场主体统计（district_stats）（分级授权，授权级别：一般数据及以下）");
        DraftCall comprehensive = new DraftCall("综合", "", CallMode.COMPREHENSIVE, null, List.of(), List.of(Domain.HEALTH),
                List.of(), List.of(), T0, T0.plusSeconds(60), 7, 12, io.quanyun.catalog.Classification.GENERAL);
        assertThatThrownBy(() -> Call.draft(comprehensive, UUID.randomUUID(), "a", UUID.randomUUID(), UUID.randomUUID(),
                List.of(), null, T0)).extracting(e -> ((QuanyunException) e).violations().get(0).field())
                .isEqualTo("grade");
    }

    // ---------------------------------------------------------------- application

    static Application application() {
        return Application.submit(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "泉城数据科技有限公司", "张伟",
                "场景", List.of(), T0);
    }

    @ParameterizedTest
    @EnumSource(ApplicationState.class)
    void application_everyMoveOutsideTheTable_isRefused(ApplicationState target) {
        // reach each state through real transitions, then try every command
        for (ApplicationState from : ApplicationState.values()) {
            Application application = reach(from);
            boolean allowed = from.canMoveTo(target);
            Runnable move = command(application, target);
            if (move == null) {
                continue;
            }
            if (allowed) {
                move.run();
                assertThat(application.state()).isEqualTo(target);
            } else {
                assertIllegal(move, ErrorCode.ILLEGAL_STATE_TRANSITION);
            }
        }
    }

    static Application reach(ApplicationState state) {
        Application a = application();
        switch (state) {
            case SUBMITTED -> { }
            case WITHDRAWN -> a.withdraw(T0);
            case CLOSED -> a.closeWithCall(T0);
            case UNDER_REVIEW -> a.enterReview(T0);
            case SHORTLISTED -> { a.enterReview(T0); a.shortlist(T0); }
            case NOT_SHORTLISTED -> { a.enterReview(T0); a.leaveOutOfShortlist(T0); }
            case REMOVED_AFTER_OBJECTION -> { a.enterReview(T0); a.shortlist(T0); a.removeAfterUpheldObjection(T0); }
            case AWARDED -> { a.enterReview(T0); a.shortlist(T0); a.award(T0); }
        }
        assertThat(a.state()).isEqualTo(state);
        return a;
    }

    static Runnable command(Application a, ApplicationState target) {
        return switch (target) {
            case SUBMITTED -> null;
            case WITHDRAWN -> () -> a.withdraw(T0);
            case CLOSED -> () -> a.closeWithCall(T0);
            case UNDER_REVIEW -> () -> a.enterReview(T0);
            case SHORTLISTED -> () -> a.shortlist(T0);
            case NOT_SHORTLISTED -> () -> a.leaveOutOfShortlist(T0);
            case REMOVED_AFTER_OBJECTION -> () -> a.removeAfterUpheldObjection(T0);
            case AWARDED -> () -> a.award(T0);
        };
    }

    // ---------------------------------------------------------------- review

    @Test
    void review_declareThenScoreThenSubmit_andNothingElse() {
        UUID mine = UUID.randomUUID();
        UUID conflicted = UUID.randomUUID();
        UUID affiliated = UUID.randomUUID();
        List<Criterion> criteria = List.of(new Criterion("C1", "方案", 60), new Criterion("C2", "能力", 40));
        Review review = Review.assign(UUID.randomUUID(), UUID.randomUUID(), "陈教授", UUID.randomUUID(),
                List.of(new Exclusion(affiliated, ExclusionReason.AFFILIATED_WITH_APPLICANT)), T0);
        List<Score> scores = List.of(new Score(mine, "C1", 80, "好"), new Score(mine, "C2", 70, "较好"));
        assertIllegal(() -> review.score(mine, scores, criteria), ErrorCode.ILLEGAL_STATE_TRANSITION);
        assertIllegal(() -> review.submit(List.of(mine), criteria, T0), ErrorCode.ILLEGAL_STATE_TRANSITION);
        review.declare(List.of(conflicted), "曾任顾问", T0);
        assertIllegal(() -> review.declare(List.of(), null, T0), ErrorCode.ILLEGAL_STATE_TRANSITION);
        assertIllegal(() -> review.score(conflicted, scores, criteria), ErrorCode.CONFLICT_OF_INTEREST);
        assertIllegal(() -> review.score(affiliated, scores, criteria), ErrorCode.CONFLICT_OF_INTEREST);
        assertIllegal(() -> review.score(mine, List.of(new Score(mine, "C1", 101, "x")), criteria),
                ErrorCode.VALIDATION_FAILED);
        assertIllegal(() -> review.score(mine, List.of(new Score(mine, "C1", 80, " "), new Score(mine, "C2", 80, "y")),
                criteria), ErrorCode.VALIDATION_FAILED);
        assertIllegal(() -> review.submit(List.of(mine, conflicted, affiliated), criteria, T0),
                ErrorCode.VALIDATION_FAILED);
        review.score(mine, scores, criteria);
        review.submit(List.of(mine, conflicted, affiliated), criteria, T0);
        assertThat(review.state()).isEqualTo(ReviewState.SUBMITTED);
        assertIllegal(() -> review.score(mine, scores, criteria), ErrorCode.ILLEGAL_STATE_TRANSITION);
        assertIllegal(() -> review.submit(List.of(mine), criteria, T0), ErrorCode.ILLEGAL_STATE_TRANSITION);
    }

    // ---------------------------------------------------------------- objection and template

    @Test
    void objection_isAnsweredOnce_withReasons() {
        Objection objection = Objection.file(UUID.randomUUID(), UUID.randomUUID(), "异议", "王", "138", T0);
        assertIllegal(() -> objection.answer(true, " ", "bureau", T0), ErrorCode.VALIDATION_FAILED);
        objection.answer(false, "不成立", "bureau", T0);
        assertThat(objection.state()).isEqualTo(ObjectionState.DISMISSED);
        assertIllegal(() -> objection.answer(true, "成立", "bureau", T0), ErrorCode.ILLEGAL_STATE_TRANSITION);
        assertThat(objection.view(false).contactDetails()).isNull();
        assertThat(objection.view(true).contactDetails()).isEqualTo("138");
    }

    @Test
    void template_withoutAllEightClauses_isRefused_andIsSupersededOnce() {
        assertThatThrownBy(() -> AgreementTemplate.create(1, "范本", Map.of(ClauseKind.PARTIES, "甲乙"), "bureau", T0))
                .extracting(e -> ((QuanyunException) e).violations().size()).isEqualTo(7);
        AgreementTemplate template = AgreementTemplate.create(1, "范本", DemoAuthorization.template().clauses(),
                "bureau", T0);
        template.supersede();
        assertIllegal(template::supersede, ErrorCode.ILLEGAL_STATE_TRANSITION);
    }

    // ---------------------------------------------------------------- agreement

    static Agreement agreement() {
        return Agreement.generate(UUID.randomUUID(), "JNSQ-2026-TEST", UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), 1, CallMode.COMPREHENSIVE, UUID.randomUUID(), "泉城数据科技有限公司", "张伟",
                UUID.randomUUID(), "济南市大数据局", 36, "a.pdf", "hash", T0);
    }

    @Test
    void agreement_isSignedInOrder_onceEach_andOnlyAgainstItsHash() {
        Agreement agreement = agreement();
        UUID user = UUID.randomUUID();
        UUID organization = UUID.randomUUID();
        assertIllegal(() -> agreement.sign(SigningParty.OPERATOR, user, "张伟", "张伟", organization, "other", T0),
                ErrorCode.DOCUMENT_TAMPERED);
        assertIllegal(() -> agreement.sign(SigningParty.AUTHORIZER, user, "王建国", "局", organization, "hash", T0),
                ErrorCode.SIGNATURE_OUT_OF_ORDER);
        assertIllegal(() -> agreement.expire(T0), ErrorCode.ILLEGAL_STATE_TRANSITION);
        assertIllegal(() -> agreement.terminate("x", T0), ErrorCode.ILLEGAL_STATE_TRANSITION);
        agreement.sign(SigningParty.OPERATOR, user, "张伟", "张伟", organization, "hash", T0);
        assertIllegal(() -> agreement.sign(SigningParty.OPERATOR, user, "张伟", "张伟", organization, "hash", T0),
                ErrorCode.ILLEGAL_STATE_TRANSITION);
        agreement.sign(SigningParty.AUTHORIZER, user, "王建国", "局", organization, "hash", T0);
        assertThat(agreement.state()).isEqualTo(AgreementState.ACTIVE);
        assertThat(agreement.view().endsAt()).isEqualTo(Instant.parse("2029-03-01T02:00:00Z"));
        assertThat(agreement.registeredEvents()).singleElement().isInstanceOf(AgreementActivated.class);
        assertIllegal(() -> agreement.sign(SigningParty.AUTHORIZER, user, "王", "局", organization, "hash", T0),
                ErrorCode.ILLEGAL_STATE_TRANSITION);
        assertIllegal(() -> agreement.expire(T0.plus(Duration.ofDays(365))), ErrorCode.ILLEGAL_STATE_TRANSITION);
        assertThat(agreement.isDueToExpireAt(Instant.parse("2029-03-01T02:00:00Z"))).isTrue();
        agreement.expire(Instant.parse("2029-03-01T02:00:00Z"));
        assertThat(agreement.registeredEvents()).last().isInstanceOf(AgreementExpired.class);
        assertIllegal(() -> agreement.terminate("x", T0), ErrorCode.ILLEGAL_STATE_TRANSITION);
    }

    @Test
    void agreement_terminated_needsAReason_andPublishesTheEvent() {
        Agreement agreement = agreement();
        agreement.sign(SigningParty.OPERATOR, UUID.randomUUID(), "张伟", "张伟", UUID.randomUUID(), "hash", T0);
        agreement.sign(SigningParty.AUTHORIZER, UUID.randomUUID(), "王", "局", UUID.randomUUID(), "hash", T0);
        assertIllegal(() -> agreement.terminate(" ", T0), ErrorCode.VALIDATION_FAILED);
        agreement.terminate("严重违约", T0);
        assertThat(agreement.state()).isEqualTo(AgreementState.TERMINATED);
        assertThat(agreement.registeredEvents()).last().isInstanceOf(AgreementTerminated.class);
        assertIllegal(() -> agreement.expire(T0.plus(Duration.ofDays(5000))), ErrorCode.ILLEGAL_STATE_TRANSITION);
    }

    @Test
    void documentTypes_areSniffed_notTrusted() {
        assertThat(DocumentTypes.verify("application/pdf", "%PDF-1.7".getBytes())).isPresent();
        assertThat(DocumentTypes.verify("application/pdf", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}))
                .isEmpty();
        assertThat(DocumentTypes.verify("application/x-msdownload", "MZ".getBytes())).isEmpty();
        assertThat(DocumentTypes.verify(null, "%PDF-".getBytes())).isEmpty();
    }

    static void assertIllegal(Runnable move, ErrorCode code) {
        assertThatThrownBy(move::run).isInstanceOf(QuanyunException.class)
                .extracting(e -> ((QuanyunException) e).code()).isEqualTo(code);
    }
}
