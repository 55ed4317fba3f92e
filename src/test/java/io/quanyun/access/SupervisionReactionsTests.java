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

/** A rectification order suspends the operator's grants at once; its acceptance restores them (Art. 18). */
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
        transactions.executeWithoutResult(status -> events.publishEvent(new RectificationOrdered(order, operator.id(),
                UUID.randomUUID(), Instant.now().plus(Duration.ofDays(30)), "整改内容")));
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(access.activeFor(operator.id())).isEmpty());
        transactions.executeWithoutResult(status -> events.publishEvent(
                new RectificationAccepted(order, operator.id(), UUID.randomUUID())));
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(access.activeFor(operator.id())).isNotEmpty());
    }
}
