package io.quanyun.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

import io.quanyun.catalog.CatalogManagement;
import io.quanyun.supervision.CriticalAlertRaised;
import io.quanyun.supervision.MonitoringRuleCode;
import io.quanyun.supervision.RectificationAccepted;
import io.quanyun.supervision.RectificationOrdered;

/**
 * Art. 18 "all of the operator's data access under that authorizer": a rectification order holds only the grants
 * whose agreement the ordering authority authorized (the city authority's order also covers agreements authorized
 * by a data provider), its acceptance lifts only that order's hold, and a grant suspended for two reasons comes back
 * only when both are lifted. The operator holds agreements under the city authority, a provider and two districts.
 */
@AccessTest
class RectificationScopeTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired InMemoryAgreements agreements;
    @Autowired CatalogManagement catalog;
    @Autowired MutableClock clock;
    @Autowired AccessManagement access;
    @Autowired ApplicationEventPublisher events;
    @Autowired TransactionTemplate transactions;
    AccessFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new AccessFixture(mvc, jdbc, agreements, catalog, clock);
    }

    /** A grant of {@code operator2} under an agreement authorized by the organization. */
    UUID grantUnder(UUID authorizer) throws Exception {
        return UUID.fromString(fixture.granted("operator2", fixture.agreement("operator2", "enterprise", authorizer),
                GrantLifecycleTests.ENTERPRISE, 30, GrantLifecycleTests.APPROVERS));
    }

    GrantState state(UUID grant) {
        return access.find(grant).orElseThrow().state();
    }

    void publish(Object event) {
        transactions.executeWithoutResult(status -> events.publishEvent(event));
    }

    UUID operator2() {
        return fixture.organizationOf("operator2");
    }

    /** Publishes the acceptance and waits until access has handled it for the grant (audited either way). */
    void accept(UUID order, UUID authorizer, UUID grant) {
        String restored = "access.grant.restore";
        String released = "access.grant.hold.release";
        long before = fixture.audited(restored, grant.toString(), "SUCCESS")
                + fixture.audited(released, grant.toString(), "SUCCESS");
        publish(new RectificationAccepted(order, operator2(), authorizer));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> fixture.audited(restored, grant.toString(),
                "SUCCESS") + fixture.audited(released, grant.toString(), "SUCCESS") > before);
    }

    RectificationOrdered order(UUID authorizer) {
        return new RectificationOrdered(UUID.randomUUID(), operator2(), authorizer,
                Instant.now().plus(Duration.ofDays(30)), "整改内容");
    }

    @Test
    void anOrder_holdsOnlyTheGrantsUnderItsAuthorizer_andItsAcceptanceRestoresOnlyThose() throws Exception {
        UUID city = fixture.cityAuthority();
        UUID lixia = fixture.organizationNamed("济南市历下区大数据局");
        UUID shizhong = fixture.organizationNamed("济南市市中区大数据局");
        UUID provider = fixture.organizationNamed("济南市市场监督管理局");
        Map<String, UUID> grants = Map.of("city", grantUnder(city), "lixia", grantUnder(lixia), "shizhong",
                grantUnder(shizhong), "provider", grantUnder(provider));

        RectificationOrdered byDistrict = order(lixia);
        publish(byDistrict);
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> state(grants.get("lixia")) == GrantState.SUSPENDED);
        assertThat(state(grants.get("city"))).isEqualTo(GrantState.ACTIVE);
        assertThat(state(grants.get("shizhong"))).isEqualTo(GrantState.ACTIVE);
        assertThat(state(grants.get("provider"))).isEqualTo(GrantState.ACTIVE);
        assertThat(access.activeFor(operator2())).extracting(GrantDescriptor::id).contains(grants.get("city"),
                grants.get("shizhong"), grants.get("provider")).doesNotContain(grants.get("lixia"));

        // the city authority's order covers its own agreements and the providers' (domain-specific), not a district's
        RectificationOrdered byCity = order(city);
        publish(byCity);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> state(grants.get("city")) == GrantState.SUSPENDED
                && state(grants.get("provider")) == GrantState.SUSPENDED);
        assertThat(state(grants.get("shizhong"))).isEqualTo(GrantState.ACTIVE);

        // accepting the district's order restores the district's grant only
        accept(byDistrict.orderId(), lixia, grants.get("lixia"));
        assertThat(state(grants.get("lixia"))).isEqualTo(GrantState.ACTIVE);
        assertThat(state(grants.get("city"))).isEqualTo(GrantState.SUSPENDED);
        assertThat(state(grants.get("provider"))).isEqualTo(GrantState.SUSPENDED);

        accept(byCity.orderId(), city, grants.get("city"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> state(grants.get("provider")) == GrantState.ACTIVE);
        assertThat(state(grants.get("city"))).isEqualTo(GrantState.ACTIVE);
        assertThat(fixture.audited("access.grant.suspend", grants.get("shizhong").toString(), "SUCCESS")).isZero();
    }

    @Test
    void aGrantSuspendedForTwoReasons_staysSuspendedUntilBothAreLifted() throws Exception {
        UUID city = fixture.cityAuthority();
        UUID grant = grantUnder(city);

        // the authority suspended it first; an order adds its reason; accepting the order leaves the authority's
        fixture.grantAct("bureau", grant.toString(), "suspend", "{\"reason\":\"现场检查\"}").andExpect(status().isOk());
        RectificationOrdered order = order(city);
        publish(order);
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> fixture.audited("access.grant.suspend", grant.toString(), "SUCCESS") == 2);
        // the authority cannot lift the order's reason by restoring: only the acceptance does
        fixture.grantAct("bureau", grant.toString(), "restore", "{\"reason\":\"检查结束\"}")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("grant_under_rectification"));
        assertThat(state(grant)).isEqualTo(GrantState.SUSPENDED);
        accept(order.orderId(), city, grant);
        assertThat(state(grant)).as("still held by the authority's own suspension").isEqualTo(GrantState.SUSPENDED);
        fixture.grantAct("bureau", grant.toString(), "restore", "{\"reason\":\"检查结束\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.grant.state").value("ACTIVE"));

        // a critical alert and an order: the authority lifts the alert's reason, the grant waits for the acceptance
        UUID alert = UUID.randomUUID();
        publish(new CriticalAlertRaised(alert, operator2(), null, MonitoringRuleCode.QUERY_BURST, true));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> state(grant) == GrantState.SUSPENDED);
        RectificationOrdered second = order(city);
        publish(second);
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> fixture.audited("access.grant.suspend", grant.toString(), "SUCCESS") == 4);
        fixture.grantAct("bureau", grant.toString(), "restore", "{\"reason\":\"预警已核实\"}")
                .andExpect(status().isConflict());
        accept(second.orderId(), city, grant);
        assertThat(state(grant)).as("still held by the alert").isEqualTo(GrantState.SUSPENDED);
        fixture.grantAct("bureau", grant.toString(), "restore", "{\"reason\":\"预警已核实\"}")
                .andExpect(status().isOk());
        assertThat(state(grant)).isEqualTo(GrantState.ACTIVE);
        // the alert held every grant of operator2: lift it from the others (other test classes share them)
        io.quanyun.shared.Actors.runAs(io.quanyun.shared.Actor.system(), () -> access.releaseGrantsOfOperator(
                operator2(), GrantHold.alert(alert), "test: alert lifted"));
    }
}
