package io.quanyun.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.shared.OrganizationType;
import io.quanyun.supervision.RectificationAccepted;
import io.quanyun.supervision.RectificationOrdered;
import io.quanyun.support.PlatformTest;

/**
 * A rectification order of the city authority suspends the demo operator's grants under it at once; its acceptance
 * restores them (Art. 18). Scope and multiple reasons: {@link RectificationScopeTests}.
 */
@PlatformTest
class SupervisionReactionsTests {

    @Autowired AccessManagement access;
    @Autowired IdentityManagement identity;
    @Autowired ApplicationEventPublisher events;
    @Autowired TransactionTemplate transactions;

    @Test
    void rectificationOrder_suspendsGrants_andAcceptanceRestoresThem() {
        OrganizationView operator = identity.organizationsOfType(OrganizationType.OPERATOR).stream()
                .filter(o -> o.name().equals("泉城数据科技有限公司")).findFirst().orElseThrow();
        assertThat(access.activeFor(operator.id())).as("the demo grant").isNotEmpty();
        UUID order = UUID.randomUUID();
        UUID city = identity.organizationsOfType(OrganizationType.AUTHORITY).stream()
                .filter(o -> o.authorityLevel() == io.quanyun.identity.AuthorityLevel.CITY).findFirst().orElseThrow()
                .id();
        transactions.executeWithoutResult(status -> events.publishEvent(new RectificationOrdered(order, operator.id(),
                city, Instant.now().plus(Duration.ofDays(30)), "整改内容")));
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(access.activeFor(operator.id())).isEmpty());
        transactions.executeWithoutResult(status -> events.publishEvent(
                new RectificationAccepted(order, operator.id(), city)));
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(access.activeFor(operator.id())).isNotEmpty());
    }
}
