package io.quanyun.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.quanyun.catalog.CatalogManagement;
import io.quanyun.catalog.Classification;
import io.quanyun.catalog.DatasetDescriptor;
import io.quanyun.catalog.PersonalInformation;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;

/** Suspension, restoration, ending, expiry and dataset withdrawal of grants, with their events and audit. */
@AccessTest
class GrantLifecycleTests {

    static final String ENTERPRISE = "[{\"dataset\":\"enterprise\",\"fields\":[\"district\",\"reg_capital\"]}]";
    static final List<String> APPROVERS = List.of("bureau", "provider-market");

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired InMemoryAgreements agreements;
    @Autowired CatalogManagement catalog;
    @Autowired MutableClock clock;
    @Autowired RecordedEvents events;
    @Autowired AccessManagement access;
    AccessFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new AccessFixture(mvc, jdbc, agreements, catalog, clock);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    String grant(AgreementTerms agreement, int days) throws Exception {
        return fixture.granted("operator", agreement, ENTERPRISE, days, APPROVERS);
    }

    @Test
    void approval_publishesGrantActivated_andTheDirectoryKnowsTheGrant() throws Exception {
        String grantId = grant(fixture.agreement("operator", "enterprise"), 30);
        UUID id = UUID.fromString(grantId);
        UUID operator = fixture.organizationOf("operator");
        assertThat(events.ofType(GrantActivated.class)).contains(new GrantActivated(id, operator));
        assertThat(access.find(id)).hasValueSatisfying(g -> {
            assertThat(g.isActive()).isTrue();
            assertThat(g.authorizerId()).isEqualTo(fixture.cityAuthority());
            assertThat(g.datasets()).extracting(GrantedDataset::code).containsExactly("enterprise");
        });
        assertThat(access.activeFor(operator)).extracting(GrantDescriptor::id).contains(id);
        assertThat(access.activeFor(fixture.organizationOf("operator2"))).extracting(GrantDescriptor::id)
                .doesNotContain(id);
    }

    @Test
    void suspension_restoration_andEnding_publishTheirEvents_andAreAudited() throws Exception {
        String grantId = grant(fixture.agreement("operator", "enterprise"), 30);
        UUID id = UUID.fromString(grantId);
        UUID operator = fixture.organizationOf("operator");
        // only the authority acts on grants, and a suspension needs a reason
        for (String user : List.of("operator", "provider-market", "district")) {
            fixture.grantAct(user, grantId, "suspend", "{\"reason\":\"x\"}").andExpect(status().isForbidden());
        }
        fixture.grantAct("bureau", grantId, "suspend", "{}").andExpect(status().isBadRequest());
        fixture.grantAct("bureau", grantId, "restore", "{}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("illegal_state_transition"));

        fixture.grantAct("bureau", grantId, "suspend", "{\"reason\":\"安全检查发现异常访问\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.grant.state").value("SUSPENDED"))
                .andExpect(jsonPath("$.stateReason").value("安全检查发现异常访问"));
        assertThat(events.ofType(GrantSuspended.class)).contains(new GrantSuspended(id, operator, "安全检查发现异常访问"));
        assertThat(access.activeFor(operator)).extracting(GrantDescriptor::id).doesNotContain(id);
        fixture.grantAct("bureau", grantId, "suspend", "{\"reason\":\"again\"}").andExpect(status().isConflict());

        fixture.grantAct("bureau", grantId, "restore", "{\"reason\":\"整改完成\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.grant.state").value("ACTIVE"));
        assertThat(events.ofType(GrantRestored.class)).contains(new GrantRestored(id, operator));
        assertThat(access.activeFor(operator)).extracting(GrantDescriptor::id).contains(id);

        fixture.grantAct("bureau", grantId, "end", "{\"reason\":\"场景结束\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.grant.state").value("ENDED"));
        assertThat(events.ofType(GrantEnded.class)).contains(new GrantEnded(id, operator, "场景结束"));
        // ended is final
        for (String action : List.of("suspend", "restore", "end")) {
            fixture.grantAct("bureau", grantId, action, "{\"reason\":\"x\"}").andExpect(status().isConflict())
                    .andExpect(jsonPath("$.code").value("illegal_state_transition"));
        }
        assertThat(fixture.audited("access.grant.suspend", grantId, "SUCCESS")).isEqualTo(1);
        assertThat(fixture.audited("access.grant.restore", grantId, "SUCCESS")).isEqualTo(1);
        assertThat(fixture.audited("access.grant.end", grantId, "SUCCESS")).isEqualTo(1);
        assertThat(fixture.audited("access.grant.suspend", grantId, "REFUSED")).isEqualTo(6);
        assertThat(fixture.audited("access.grant.restore", grantId, "REFUSED")).isEqualTo(2);
        assertThat(fixture.audited("access.grant.end", grantId, "REFUSED")).isEqualTo(1);
    }

    @Test
    void expiry_movedByTheClock_endsTheGrant() throws Exception {
        String grantId = grant(fixture.agreement("operator", "enterprise"), 30);
        UUID id = UUID.fromString(grantId);
        UUID operator = fixture.organizationOf("operator");
        clock.advance(Duration.ofDays(29));
        assertThat(Actors.runAs(Actor.system(), access::endExpiredGrants)).isZero();
        assertThat(access.find(id).orElseThrow().isActive()).isTrue();

        clock.advance(Duration.ofDays(2));
        // consumers never see an expired grant as active, even before the job ran
        assertThat(access.find(id).orElseThrow().state()).isEqualTo(GrantState.ENDED);
        assertThat(access.activeFor(operator)).extracting(GrantDescriptor::id).doesNotContain(id);
        assertThat(Actors.runAs(Actor.system(), access::endExpiredGrants)).isPositive();
        assertThat(jdbc.sql("select state from access_grant where id = ?").param(id).query(String.class).single())
                .isEqualTo("ENDED");
        assertThat(events.ofType(GrantEnded.class)).contains(new GrantEnded(id, operator, "到期 expired"));
        assertThat(fixture.audited("access.grant.end", grantId, "SUCCESS")).isEqualTo(1);
    }

    @Test
    void anExpiredSuspendedGrant_cannotBeRestored() throws Exception {
        String grantId = grant(fixture.agreement("operator", "enterprise"), 10);
        fixture.grantAct("bureau", grantId, "suspend", "{\"reason\":\"检查\"}").andExpect(status().isOk());
        clock.advance(Duration.ofDays(11));
        UUID id = UUID.fromString(grantId);
        Actor bureau = actorOf("bureau");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Actors.runAs(bureau, () -> access.restore(id, "ok")))
                .hasFieldOrPropertyWithValue("code", io.quanyun.shared.ErrorCode.GRANT_EXPIRED);
        assertThat(fixture.audited("access.grant.restore", grantId, "REFUSED")).isEqualTo(1);
    }

    @Test
    void datasetWithdrawn_endsTheGrantsOnIt() throws Exception {
        DatasetDescriptor dataset = fixture.publishDataset("济南市市场监督管理局",
                "t_withdraw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8),
                Classification.GENERAL, PersonalInformation.NONE);
        AgreementTerms agreement = fixture.agreement("operator", "enterprise," + dataset.code());
        String onDataset = fixture.granted("operator", agreement,
                "[{\"dataset\":\"" + dataset.code() + "\",\"fields\":[\"region\",\"secret\"]}]", 30, APPROVERS);
        String elsewhere = grant(agreement, 30);
        fixture.grantAct("bureau", onDataset, "suspend", "{\"reason\":\"检查\"}").andExpect(status().isOk());

        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .post("/api/v1/catalog/datasets/" + dataset.id() + "/withdraw")
                .header("Authorization", io.quanyun.support.Api.bearer(mvc, "bureau"))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).content("{\"reason\":\"数据源停更\"}"))
                .andExpect(status().isOk());

        long deadline = System.currentTimeMillis() + 10_000;
        while (access.find(UUID.fromString(onDataset)).orElseThrow().state() != GrantState.ENDED
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(access.find(UUID.fromString(onDataset)).orElseThrow().state()).isEqualTo(GrantState.ENDED);
        assertThat(access.find(UUID.fromString(elsewhere)).orElseThrow().state()).isEqualTo(GrantState.ACTIVE);
        assertThat(events.ofType(GrantEnded.class)).anySatisfy(e -> {
            assertThat(e.grantId()).isEqualTo(UUID.fromString(onDataset));
            assertThat(e.reason()).contains("数据源停更");
        });
        assertThat(fixture.audited("access.grant.end", onDataset, "SUCCESS")).isEqualTo(1);
    }

    @Test
    void agreementEnded_endsItsGrants_andOperatorSuspensionIsRestored() throws Exception {
        AgreementTerms first = fixture.agreement("operator2", "enterprise");
        AgreementTerms second = fixture.agreement("operator2", "enterprise");
        String a = fixture.granted("operator2", first, ENTERPRISE, 30, APPROVERS);
        String b = fixture.granted("operator2", second, ENTERPRISE, 30, APPROVERS);
        UUID operator2 = fixture.organizationOf("operator2");

        int suspended = Actors.runAs(Actor.system(), () -> access.holdGrantsOfOperator(operator2, null,
                GrantHold.rectification("lifecycle"), "整改通知"));
        assertThat(suspended).isGreaterThanOrEqualTo(2);
        assertThat(access.activeFor(operator2)).isEmpty();
        int ended = Actors.runAs(Actor.system(), () -> access.endGrantsOfAgreement(first.agreementId(), "协议到期"));
        assertThat(ended).isEqualTo(1);
        assertThat(access.find(UUID.fromString(a)).orElseThrow().state()).isEqualTo(GrantState.ENDED);
        int restored = Actors.runAs(Actor.system(), () -> access.releaseGrantsOfOperator(operator2,
                GrantHold.rectification("lifecycle"), "整改验收通过"));
        assertThat(restored).isGreaterThanOrEqualTo(1);
        assertThat(access.find(UUID.fromString(b)).orElseThrow().state()).isEqualTo(GrantState.ACTIVE);
        assertThat(access.find(UUID.fromString(a)).orElseThrow().state()).isEqualTo(GrantState.ENDED);
        assertThat(fixture.audited("access.grant.suspend", b, "SUCCESS")).isEqualTo(1);
        assertThat(fixture.audited("access.grant.restore", b, "SUCCESS")).isEqualTo(1);
        assertThat(fixture.audited("access.grant.end", a, "SUCCESS")).isEqualTo(1);
    }

    @Test
    void demoRequest_isApproved_andTheOperatorHoldsTheDemoGrant() {
        UUID operator = fixture.organizationOf("operator");
        // other test classes share the database and may have suspended the demo operator (rectification, alerts)
        for (String hold : jdbc.sql("select distinct h.hold from access_grant_hold h join access_grant g "
                + "on g.id = h.access_grant where g.operator_id = ?").param(operator).query(String.class).list()) {
            io.quanyun.shared.Actors.runAs(io.quanyun.shared.Actor.system(),
                    () -> access.releaseGrantsOfOperator(operator, hold, "test: restore the demo grant"));
        }
        assertThat(access.activeFor(operator)).anySatisfy(g -> {
            assertThat(g.scenario()).isEqualTo(DemoAccess.SCENARIO);
            assertThat(g.consentPurpose()).isEqualTo("统计分析");
            assertThat(g.privacy().mode()).isEqualTo("DIFFERENTIAL_PRIVACY");
            assertThat(g.datasets()).extracting(GrantedDataset::code)
                    .containsExactly("person", "income", "clinic_visit", "vehicle", "enterprise");
        });
    }

    private Actor actorOf(String username) {
        var row = jdbc.sql("""
                select u.id, o.id as org, o.name, o.type from app_user u join organization o on o.id = u.organization_id
                where u.username = ?""").param(username).query().singleRow();
        return new Actor((UUID) row.get("id"), username, (UUID) row.get("org"), (String) row.get("name"),
                io.quanyun.shared.OrganizationType.valueOf((String) row.get("type")),
                java.util.Set.of(io.quanyun.shared.Role.AUTHORITY_ADMIN), null);
    }
}
