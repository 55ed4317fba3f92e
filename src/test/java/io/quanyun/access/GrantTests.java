package io.quanyun.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quanyun.catalog.Classification;
import io.quanyun.catalog.DisclosureRole;
import io.quanyun.catalog.FieldDescriptor;
import io.quanyun.catalog.PersonalInformation;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;

/** The grant's state machine, its events, and the privacy terms policy, without Spring. */
class GrantTests {

    static final Instant NOW = ScenarioRequestTests.NOW;
    static final Instant EXPIRES = NOW.plus(Duration.ofDays(30));

    static Grant active() {
        ScenarioRequest request = ScenarioRequestTests.approved();
        return Grant.activate(request, List.of(new GrantDataset(UUID.randomUUID(), "person", "district,gender")),
                new PrivacyTerms("DIFFERENTIAL_PRIVACY", 10, BigDecimal.TEN, BigDecimal.ONE), "统计分析", EXPIRES, NOW);
    }

    static Grant suspended() {
        Grant grant = active();
        grant.suspend("检查", NOW);
        return grant;
    }

    static Grant ended() {
        Grant grant = active();
        grant.end("结束", NOW);
        return grant;
    }

    static final Map<GrantState, Supplier<Grant>> IN = Map.of(GrantState.ACTIVE, GrantTests::active,
            GrantState.SUSPENDED, GrantTests::suspended, GrantState.ENDED, GrantTests::ended);

    @ParameterizedTest
    @EnumSource(GrantState.class)
    void everyIllegalTransition_isRefused(GrantState from) {
        EnumSet<GrantState> illegal = EnumSet.allOf(GrantState.class);
        illegal.removeAll(from.next());
        for (GrantState target : illegal) {
            Grant grant = IN.get(from).get();
            assertIllegal(g -> g.transitionTo(target, "x", NOW), grant);
            assertThat(grant.state()).isEqualTo(from);
        }
    }

    @Test
    void everyCommand_outsideItsStates_isRefused() {
        Map<String, Consumer<Grant>> commands = Map.of("suspend", g -> g.suspend("r", NOW),
                "restore", g -> g.restore("r", NOW), "end", g -> g.end("r", NOW));
        Map<String, EnumSet<GrantState>> allowedIn = Map.of("suspend", EnumSet.of(GrantState.ACTIVE),
                "restore", EnumSet.of(GrantState.SUSPENDED), "end", EnumSet.of(GrantState.ACTIVE, GrantState.SUSPENDED));
        commands.forEach((name, command) -> {
            for (GrantState state : GrantState.values()) {
                Grant grant = IN.get(state).get();
                if (allowedIn.get(name).contains(state)) {
                    command.accept(grant);
                } else {
                    assertIllegal(command, grant);
                }
            }
        });
    }

    @Test
    void eachTransition_registersItsEvent() {
        Grant grant = active();
        assertThat(grant.registeredEvents()).containsExactly(new GrantActivated(grant.id(), grant.operatorId()));
        grant.suspend("检查", NOW);
        grant.restore("整改完成", NOW);
        grant.end("场景结束", NOW);
        assertThat(grant.registeredEvents()).containsExactly(new GrantActivated(grant.id(), grant.operatorId()),
                new GrantSuspended(grant.id(), grant.operatorId(), "检查"),
                new GrantRestored(grant.id(), grant.operatorId()),
                new GrantEnded(grant.id(), grant.operatorId(), "场景结束"));
    }

    @Test
    void holds_suspendOnce_andTheGrantComesBackOnlyWhenTheLastIsLifted() {
        Grant grant = active();
        assertThat(grant.hold("rectification:a", "整改", NOW)).isTrue();
        assertThat(grant.hold("alert:b", "预警", NOW)).as("already suspended").isFalse();
        assertThat(grant.release("rectification:x", "other order", NOW)).isEqualTo(Grant.Release.NOT_HELD);
        assertThat(grant.release("rectification:a", "验收", NOW)).isEqualTo(Grant.Release.STILL_HELD);
        assertThat(grant.state()).isEqualTo(GrantState.SUSPENDED);
        assertThat(grant.holds()).containsExactly("alert:b");
        assertThat(grant.release("alert:b", "核实", NOW)).isEqualTo(Grant.Release.RESTORED);
        assertThat(grant.state()).isEqualTo(GrantState.ACTIVE);
        assertThat(grant.holds()).isEmpty();

        grant.hold("rectification:c", "整改", NOW);
        assertThatThrownBy(() -> grant.restore("授权方恢复", NOW)).extracting("code")
                .isEqualTo(ErrorCode.GRANT_UNDER_RECTIFICATION);
        assertThat(grant.release("rectification:c", "验收", EXPIRES.plusSeconds(1))).isEqualTo(Grant.Release.ENDED);
        assertThat(grant.state()).isEqualTo(GrantState.ENDED);
        assertThatThrownBy(() -> grant.hold("alert:d", "预警", NOW)).extracting("code")
                .isEqualTo(ErrorCode.ILLEGAL_STATE_TRANSITION);
    }

    @Test
    void anExpiredGrant_isShownEnded_andCannotBeRestored() {
        Grant grant = suspended();
        Instant later = EXPIRES.plusSeconds(1);
        assertThat(grant.descriptor(NOW).state()).isEqualTo(GrantState.SUSPENDED);
        assertThat(grant.descriptor(later).state()).isEqualTo(GrantState.ENDED);
        assertThatThrownBy(() -> grant.restore("ok", later)).extracting("code").isEqualTo(ErrorCode.GRANT_EXPIRED);
        grant.end("到期 expired", later);
        assertThat(grant.state()).isEqualTo(GrantState.ENDED);
    }

    @Test
    void privacyTerms_followTheGrantedFields_andKIsNeverBelowFive() {
        FieldDescriptor personal = new FieldDescriptor("district", "区县", "STRING", Classification.GENERAL,
                PersonalInformation.PERSONAL, DisclosureRole.QUASI_IDENTIFIER, false);
        FieldDescriptor plain = new FieldDescriptor("brand", "品牌", "STRING", Classification.GENERAL,
                PersonalInformation.NONE, DisclosureRole.PLAIN_ATTRIBUTE, false);
        assertThat(GrantPrivacyPolicy.termsFor(List.of(plain, personal), null, null, null))
                .isEqualTo(new PrivacyTerms("DIFFERENTIAL_PRIVACY", 10, new BigDecimal("10.0"), new BigDecimal("1.0")));
        assertThat(GrantPrivacyPolicy.termsFor(List.of(plain), 25, null, null).mode()).isEqualTo("THRESHOLD");
        assertThatThrownBy(() -> GrantPrivacyPolicy.validate(4, null, null)).extracting("code")
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThatThrownBy(() -> GrantPrivacyPolicy.validate(null, BigDecimal.ZERO, null)).extracting("code")
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThatThrownBy(() -> GrantPrivacyPolicy.validate(null, null, new BigDecimal("10.5"))).extracting("code")
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
        GrantPrivacyPolicy.validate(5, new BigDecimal("3"), new BigDecimal("0.3"));
        assertThatThrownBy(() -> Grant.activate(ScenarioRequestTests.approved(), List.of(),
                new PrivacyTerms("THRESHOLD", 4, BigDecimal.TEN, BigDecimal.ONE), null, EXPIRES, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertIllegal(Consumer<Grant> command, Grant grant) {
        assertThatThrownBy(() -> command.accept(grant)).isInstanceOf(QuanyunException.class)
                .extracting("code").isEqualTo(ErrorCode.ILLEGAL_STATE_TRANSITION);
    }
}
