package io.quanyun.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;

/** The scenario request's state machine and dual approval, without Spring; fixtures use real transitions. */
class ScenarioRequestTests {

    static final Instant NOW = Instant.parse("2026-03-01T02:00:00Z");
    static final UUID AUTHORITY = UUID.randomUUID();
    static final UUID POLICE = UUID.randomUUID();
    static final UUID TAX = UUID.randomUUID();

    static ScenarioRequest draft() {
        ScenarioContent content = new ScenarioContent("区县人口统计", "d", "p", List.of("报告"), 30,
                List.of(RequestedDataset.of(UUID.randomUUID(), "person", POLICE, List.of("district")),
                        RequestedDataset.of(UUID.randomUUID(), "income", TAX, List.of("year"))),
                "统计分析");
        return ScenarioRequest.file(UUID.randomUUID(), UUID.randomUUID(), AUTHORITY, content, NOW);
    }

    static ScenarioRequest submitted() {
        ScenarioRequest request = draft();
        request.submit(NOW);
        return request;
    }

    static ScenarioRequest rejected() {
        ScenarioRequest request = submitted();
        request.reject(ApprovalParty.PROVIDER, TAX, "范围过大", "provider-tax", NOW);
        return request;
    }

    static ScenarioRequest approved() {
        ScenarioRequest request = submitted();
        request.approve(ApprovalParty.AUTHORITY, AUTHORITY, null, "bureau", NOW);
        request.approve(ApprovalParty.PROVIDER, POLICE, null, "provider", NOW);
        request.approve(ApprovalParty.PROVIDER, TAX, null, "provider-tax", NOW);
        request.approved(UUID.randomUUID(), NOW);
        return request;
    }

    static ScenarioRequest withdrawn() {
        ScenarioRequest request = draft();
        request.withdraw(NOW);
        return request;
    }

    static final Map<ScenarioRequestState, java.util.function.Supplier<ScenarioRequest>> IN = Map.of(
            ScenarioRequestState.DRAFT, ScenarioRequestTests::draft,
            ScenarioRequestState.SUBMITTED, ScenarioRequestTests::submitted,
            ScenarioRequestState.REJECTED, ScenarioRequestTests::rejected,
            ScenarioRequestState.APPROVED, ScenarioRequestTests::approved,
            ScenarioRequestState.WITHDRAWN, ScenarioRequestTests::withdrawn);

    @Test
    void stateTable_isExactlyTheDesignedOne() {
        assertThat(ScenarioRequestState.DRAFT.next()).containsExactlyInAnyOrder(ScenarioRequestState.SUBMITTED,
                ScenarioRequestState.WITHDRAWN);
        assertThat(ScenarioRequestState.SUBMITTED.next()).containsExactlyInAnyOrder(ScenarioRequestState.APPROVED,
                ScenarioRequestState.REJECTED, ScenarioRequestState.WITHDRAWN);
        assertThat(ScenarioRequestState.REJECTED.next()).containsExactlyInAnyOrder(ScenarioRequestState.DRAFT,
                ScenarioRequestState.WITHDRAWN);
        assertThat(ScenarioRequestState.APPROVED.isFinal()).isTrue();
        assertThat(ScenarioRequestState.WITHDRAWN.isFinal()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ScenarioRequestState.class)
    void everyIllegalTransition_isRefused(ScenarioRequestState from) {
        for (ScenarioRequestState target : EnumSet.complementOf(EnumSet.copyOf(from.next()))) {
            ScenarioRequest request = IN.get(from).get();
            assertThat(request.state()).isEqualTo(from);
            assertIllegal(r -> r.transitionTo(target, NOW), request);
            assertThat(request.state()).isEqualTo(from);
        }
    }

    @Test
    void everyCommand_outsideItsStates_isRefused() {
        Map<String, Consumer<ScenarioRequest>> commands = Map.of(
                "submit", r -> r.submit(NOW),
                "withdraw", r -> r.withdraw(NOW),
                "amend", r -> r.amend(new ScenarioContent("n", "d", "p", List.of("x"), 1, r.datasets(), null), NOW),
                "approve", r -> r.approve(ApprovalParty.AUTHORITY, AUTHORITY, null, "bureau", NOW),
                "reject", r -> r.reject(ApprovalParty.PROVIDER, POLICE, "no", "provider", NOW));
        Map<String, EnumSet<ScenarioRequestState>> allowedIn = Map.of(
                "submit", EnumSet.of(ScenarioRequestState.DRAFT),
                "withdraw", EnumSet.of(ScenarioRequestState.DRAFT, ScenarioRequestState.SUBMITTED,
                        ScenarioRequestState.REJECTED),
                "amend", EnumSet.of(ScenarioRequestState.DRAFT, ScenarioRequestState.REJECTED),
                "approve", EnumSet.of(ScenarioRequestState.SUBMITTED),
                "reject", EnumSet.of(ScenarioRequestState.SUBMITTED));
        commands.forEach((name, command) -> {
            for (ScenarioRequestState state : ScenarioRequestState.values()) {
                ScenarioRequest request = IN.get(state).get();
                if (allowedIn.get(name).contains(state)) {
                    command.accept(request);
                } else {
                    assertIllegal(command, request);
                }
            }
        });
    }

    @Test
    void theAuthorityAlone_doesNotCompleteApproval_everyProviderMust() {
        ScenarioRequest request = submitted();
        assertThat(request.approve(ApprovalParty.AUTHORITY, AUTHORITY, null, "bureau", NOW)).isFalse();
        assertThat(request.approve(ApprovalParty.PROVIDER, POLICE, null, "provider", NOW)).isFalse();
        assertIllegal(r -> r.approved(UUID.randomUUID(), NOW), request);
        assertThat(request.approve(ApprovalParty.PROVIDER, TAX, null, "provider-tax", NOW)).isTrue();
        UUID grant = UUID.randomUUID();
        request.approved(grant, NOW);
        assertThat(request.state()).isEqualTo(ScenarioRequestState.APPROVED);
        assertThat(request.registeredEvents()).contains(new ScenarioRequestApproved(request.id(), request.operatorId(),
                grant));
    }

    @Test
    void nobodyDecidesTwice_andOnlyRequestedProvidersDecide() {
        ScenarioRequest request = submitted();
        request.approve(ApprovalParty.AUTHORITY, AUTHORITY, null, "bureau", NOW);
        assertThatThrownBy(() -> request.approve(ApprovalParty.AUTHORITY, UUID.randomUUID(), null, "other", NOW))
                .isInstanceOf(QuanyunException.class).extracting("code").isEqualTo(ErrorCode.ALREADY_DECIDED);
        assertThatThrownBy(() -> request.reject(ApprovalParty.AUTHORITY, AUTHORITY, "no", "bureau", NOW))
                .extracting("code").isEqualTo(ErrorCode.ALREADY_DECIDED);
        assertThatThrownBy(() -> request.approve(ApprovalParty.PROVIDER, UUID.randomUUID(), null, "health", NOW))
                .extracting("code").isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void rejection_amendment_andResubmission_startANewRound() {
        ScenarioRequest request = submitted();
        request.approve(ApprovalParty.AUTHORITY, AUTHORITY, null, "bureau", NOW);
        request.reject(ApprovalParty.PROVIDER, TAX, "范围过大", "provider-tax", NOW);
        assertThat(request.state()).isEqualTo(ScenarioRequestState.REJECTED);
        assertThat(request.registeredEvents()).contains(new ScenarioRequestRejected(request.id(),
                request.operatorId(), ApprovalParty.PROVIDER, "范围过大"));
        request.amend(new ScenarioContent("区县人口统计v2", "d", "p", List.of("报告"), 10, request.datasets(), null),
                NOW);
        assertThat(request.state()).isEqualTo(ScenarioRequestState.DRAFT);
        assertThat(request.registeredEvents()).contains(new ScenarioRequestAmended(request.id(), request.operatorId()));
        request.submit(NOW);
        assertThat(request.reviewRound()).isEqualTo(2);
        assertThat(request.currentDecisions()).isEmpty();
        assertThat(request.hasDecided(ApprovalParty.AUTHORITY, AUTHORITY)).isFalse();
        assertThat(request.decisions()).hasSize(2);
    }

    private static void assertIllegal(Consumer<ScenarioRequest> command, ScenarioRequest request) {
        assertThatThrownBy(() -> command.accept(request)).isInstanceOf(QuanyunException.class)
                .extracting("code").isEqualTo(ErrorCode.ILLEGAL_STATE_TRANSITION);
    }
}
