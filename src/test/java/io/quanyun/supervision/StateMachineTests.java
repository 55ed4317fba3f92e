package io.quanyun.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;

/** The supervision state machines and aggregates, without Spring. */
class StateMachineTests {

    static final Instant NOW = Instant.parse("2026-03-02T02:00:00Z");
    static final UUID AUTHORITY = UUID.randomUUID();
    static final UUID OPERATOR = UUID.randomUUID();

    static RectificationOrder issued(Instant deadline) {
        return RectificationOrder.issueDirectly(AUTHORITY, OPERATOR, "reason", "content", deadline, "bureau", NOW);
    }

    static ErrorCode codeOf(Throwable t) {
        return ((QuanyunException) t).code();
    }

    @Test
    void rectificationState_finalStatesHaveNoSuccessor() {
        assertThat(RectificationState.ACCEPTED.isFinal()).isTrue();
        assertThat(RectificationState.FAILED.isFinal()).isTrue();
        assertThat(RectificationState.DISCARDED.isFinal()).isTrue();
        assertThat(RectificationState.ISSUED.next()).containsExactlyInAnyOrder(RectificationState.SUBMITTED,
                RectificationState.FAILED);
        assertThat(RectificationState.SUBMITTED.next()).contains(RectificationState.ISSUED);
        assertThat(RectificationState.ISSUED.suspendsAccess()).isTrue();
        assertThat(RectificationState.ACCEPTED.suspendsAccess()).isFalse();
    }

    @Test
    void issue_registersOrderedEvent_andSubmitRejectSubmitAccept_registersEachOutcome() {
        RectificationOrder order = issued(NOW.plus(Duration.ofDays(10)));
        assertThat(order.takeEvents()).singleElement().isInstanceOf(RectificationOrdered.class);
        order.submit("evidence", "operator", NOW.plusSeconds(60));
        order.reject("not enough", "bureau", NOW.plusSeconds(120));
        assertThat(order.state()).isEqualTo(RectificationState.ISSUED);
        order.submit("more evidence", "operator", NOW.plusSeconds(180));
        order.accept("fine", "bureau", NOW.plusSeconds(240));
        assertThat(order.state()).isEqualTo(RectificationState.ACCEPTED);
        assertThat(order.takeEvents()).extracting(Object::getClass).containsExactly(
                (Class) RectificationRejected.class, RectificationAccepted.class);
        assertThat(order.view().steps()).extracting(RectificationView.Step::state).containsExactly(
                RectificationState.PROPOSED, RectificationState.ISSUED, RectificationState.SUBMITTED,
                RectificationState.ISSUED, RectificationState.SUBMITTED, RectificationState.ACCEPTED);
    }

    @Test
    void accept_whenNotSubmitted_isRefused() {
        RectificationOrder order = issued(NOW.plus(Duration.ofDays(1)));
        assertThatThrownBy(() -> order.accept("ok", "bureau", NOW)).satisfies(
                t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.ILLEGAL_STATE_TRANSITION));
    }

    @Test
    void fail_beforeDeadline_isRefused_andAtDeadline_registersFailed() {
        RectificationOrder order = issued(NOW.plus(Duration.ofDays(1)));
        order.takeEvents();
        assertThatThrownBy(() -> order.fail("late", "system", NOW.plus(Duration.ofHours(23))))
                .satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.RECTIFICATION_NOT_DUE));
        order.fail("late", "system", NOW.plus(Duration.ofDays(1)));
        assertThat(order.state()).isEqualTo(RectificationState.FAILED);
        assertThat(order.takeEvents()).singleElement().isInstanceOf(RectificationFailed.class);
    }

    @Test
    void submit_afterDeadline_isRefused_andRejectAfterDeadline_fails() {
        RectificationOrder late = issued(NOW.plus(Duration.ofDays(1)));
        assertThatThrownBy(() -> late.submit("evidence", "operator", NOW.plus(Duration.ofDays(2))))
                .satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.RECTIFICATION_OVERDUE));
        RectificationOrder submitted = issued(NOW.plus(Duration.ofDays(1)));
        submitted.submit("evidence", "operator", NOW.plusSeconds(10));
        submitted.reject("no", "bureau", NOW.plus(Duration.ofDays(3)));
        assertThat(submitted.state()).isEqualTo(RectificationState.FAILED);
    }

    @Test
    void issue_withPastDeadline_isRefused() {
        RectificationOrder proposal = RectificationOrder.propose(AUTHORITY, OPERATOR, null, "r", "bureau", NOW);
        assertThatThrownBy(() -> proposal.issue("c", NOW.minusSeconds(1), "bureau", NOW))
                .satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.VALIDATION_FAILED));
        proposal.discard("not needed", "bureau", NOW);
        assertThatThrownBy(() -> proposal.issue("c", NOW.plusSeconds(100), "bureau", NOW))
                .satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.ILLEGAL_STATE_TRANSITION));
    }

    @Test
    void alert_openAcknowledgeResolve_andNoWayBack() {
        Alert alert = Alert.raise(MonitoringRuleCode.QUERY_PROBING, Severity.CRITICAL, "someone", null, 3, 1, 3,
                "d", NOW);
        alert.acknowledge("auditor", NOW);
        assertThat(alert.view().assignee()).isEqualTo("auditor");
        alert.resolve("explained", NOW);
        assertThat(alert.state()).isEqualTo(AlertState.RESOLVED);
        assertThatThrownBy(() -> alert.acknowledge("auditor", NOW))
                .satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.ILLEGAL_STATE_TRANSITION));
        assertThatThrownBy(() -> alert.assign("bureau", NOW))
                .satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.ILLEGAL_STATE_TRANSITION));
    }

    @Test
    void campaign_weightsMustSumTo100() {
        assertThatThrownBy(() -> EvaluationCampaign.open(AUTHORITY, "n", "2025", 60,
                Map.of(Criterion.COMPLIANCE, 50, Criterion.SECURITY, 40), NOW))
                .satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void campaign_close_computesWeightedMeans_andNamesTheFailed() {
        EvaluationCampaign campaign = EvaluationCampaign.open(AUTHORITY, "n", "2025", 60,
                Map.of(Criterion.COMPLIANCE, 40, Criterion.SECURITY, 60), NOW);
        UUID good = UUID.randomUUID();
        UUID bad = UUID.randomUUID();
        campaign.score(good, Criterion.COMPLIANCE, 80, null, "expert1", NOW);
        campaign.score(good, Criterion.COMPLIANCE, 60, null, "expert2", NOW);
        campaign.score(good, Criterion.SECURITY, 70, null, "expert1", NOW);
        campaign.score(bad, Criterion.COMPLIANCE, 90, null, "expert1", NOW);
        assertThatThrownBy(() -> campaign.close(NOW))
                .satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.EVALUATION_INCOMPLETE));
        campaign.score(bad, Criterion.SECURITY, 30, null, "expert1", NOW);
        assertThat(campaign.close(NOW)).containsExactly(bad);
        assertThat(campaign.resultOf(good).score()).isEqualByComparingTo(new BigDecimal("70.00"));
        assertThat(campaign.resultOf(bad).score()).isEqualByComparingTo(new BigDecimal("54.00"));
        assertThat(campaign.state()).isEqualTo(CampaignState.CLOSED);
        assertThatThrownBy(() -> campaign.score(good, Criterion.SECURITY, 10, null, "expert1", NOW))
                .satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.ILLEGAL_STATE_TRANSITION));
    }

    @Test
    void workingHours_areWeekdaysEightToSixInBeijing() {
        assertThat(ActivityRules.isOutsideWorkingHours(Instant.parse("2026-03-02T02:00:00Z"))).isFalse(); // Mon 10:00
        assertThat(ActivityRules.isOutsideWorkingHours(Instant.parse("2026-03-02T10:00:00Z"))).isTrue(); // Mon 18:00
        assertThat(ActivityRules.isOutsideWorkingHours(Instant.parse("2026-03-01T23:59:00Z"))).isTrue(); // Mon 7:59
        assertThat(ActivityRules.isOutsideWorkingHours(Instant.parse("2026-03-07T02:00:00Z"))).isTrue(); // Sat
    }
}
