package io.quanyun.product;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import io.quanyun.access.GrantDescriptor;
import io.quanyun.access.GrantDirectory;
import io.quanyun.access.GrantState;
import io.quanyun.access.GrantedDataset;
import io.quanyun.access.PrivacyTerms;
import io.quanyun.catalog.DatasetDirectory;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;

/**
 * The consumer tests' own grant for the demo operator, with the person's name (an identity verification needs
 * it): other test classes share the database and end or suspend the demo grant, so these tests do not use it.
 * Its state can be switched to test that products follow their grant.
 */
@TestConfiguration(proxyBeanMethods = false)
class ConsumerTestGrants {

    @Bean
    @Primary
    FixedConsumerGrant consumerTestGrant(DatasetDirectory datasets, IdentityManagement identity) {
        return new FixedConsumerGrant(datasets, identity);
    }

    static final class FixedConsumerGrant implements GrantDirectory {
        private final DatasetDirectory datasets;
        private final IdentityManagement identity;
        private volatile GrantDescriptor grant;
        private volatile GrantState state = GrantState.ACTIVE;

        FixedConsumerGrant(DatasetDirectory datasets, IdentityManagement identity) {
            this.datasets = datasets;
            this.identity = identity;
        }

        void setState(GrantState state) {
            this.state = state;
            this.grant = null;
        }

        synchronized GrantDescriptor grant() {
            if (grant == null) {
                UUID operator = id(OrganizationType.OPERATOR, "泉城数据科技有限公司");
                UUID authority = id(OrganizationType.AUTHORITY, "济南市大数据局");
                List<GrantedDataset> granted = new ArrayList<>();
                Map<String, List<String>> fields = Map.of("person", List.of("id_no", "name", "district"),
                        "vehicle", List.of("owner_id_no", "reg_date"));
                for (String code : List.of("person", "vehicle")) {
                    var dataset = datasets.findByCode(code).orElseThrow();
                    granted.add(new GrantedDataset(dataset.id(), code, fields.get(code)));
                }
                grant = new GrantDescriptor(ID, UUID.randomUUID(), operator, UUID.randomUUID(), authority,
                        "产品使用单位测试授权", granted, new PrivacyTerms("DIFFERENTIAL_PRIVACY", 10, BigDecimal.TEN,
                                BigDecimal.ONE), null, Instant.now().plus(Duration.ofDays(30)), state);
            }
            return grant;
        }

        private static final UUID ID = UUID.randomUUID();

        private UUID id(OrganizationType type, String name) {
            return Actors.runAs(Actor.system(), () -> identity.organizationsOfType(type).stream()
                    .filter(o -> o.name().equals(name)).findFirst().orElseThrow().id());
        }

        @Override
        public Optional<GrantDescriptor> find(UUID grantId) {
            GrantDescriptor current = grant();
            return current.id().equals(grantId) ? Optional.of(current) : Optional.empty();
        }

        @Override
        public List<GrantDescriptor> activeFor(UUID operatorId) {
            GrantDescriptor current = grant();
            return current.operatorId().equals(operatorId) && current.isActive() ? List.of(current) : List.of();
        }
    }
}
