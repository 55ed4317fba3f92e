package io.quanyun.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.identity.UserView;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Role;

/**
 * The demo grant for {@code ./quanyun dev}: when agreements can be read and {@code operator}'s company has an
 * active agreement, it files the request 区县人口与收入统计 on the five demo datasets, and the city authority
 * and each provider approve it, as their demo users; likewise, when {@code operator2}'s company has one, the
 * request 区县企业信用环境分析 on the person and enterprise datasets (the grant the supervision story suspends).
 * Loaded only before the first request exists.
 */
@Component
@Order(30)
@ConditionalOnProperty(name = "quanyun.demo.enabled", havingValue = "true")
class DemoAccess implements ApplicationRunner {

    static final String OPERATOR = "泉城数据科技有限公司";
    static final String AUTHORITY_USER = "bureau";
    static final String SCENARIO = "区县人口与收入统计";
    static final String OPERATOR2 = "齐鲁征信服务有限公司";
    static final String SCENARIO2 = "区县企业信用环境分析";

    private static final Logger log = LoggerFactory.getLogger(DemoAccess.class);

    private final AccessManagement access;
    private final IdentityManagement identity;
    private final ObjectProvider<AgreementSource> agreements;
    private final java.time.Clock clock;

    DemoAccess(AccessManagement access, IdentityManagement identity, ObjectProvider<AgreementSource> agreements,
            java.time.Clock clock) {
        this.access = access;
        this.identity = identity;
        this.agreements = agreements;
        this.clock = clock;
    }

    static List<RequestedFields> datasets() {
        return List.of(
                new RequestedFields("person", List.of("gender", "birth_date", "district", "id_no")),
                new RequestedFields("income", List.of("id_no", "year", "amount")),
                new RequestedFields("clinic_visit", List.of("id_no", "visit_date", "hospital", "diagnosis_code")),
                new RequestedFields("vehicle", List.of("owner_id_no", "brand", "reg_date")),
                new RequestedFields("enterprise", List.of("credit_code", "district", "reg_capital")));
    }

    static List<RequestedFields> datasets2() {
        return List.of(new RequestedFields("person", List.of("district", "id_no")),
                new RequestedFields("enterprise", List.of("credit_code", "district", "reg_capital")));
    }

    @Override
    public void run(ApplicationArguments args) {
        if (access.hasRequests()) {
            return;
        }
        AgreementSource source = agreements.getIfAvailable();
        if (source == null) {
            log.info("Demo access data skipped: no agreement source is available yet");
            return;
        }
        fileAndApprove(source, OPERATOR, "operator", SCENARIO,
                "按区县、性别与年龄段统计常住人口、收入、门诊就诊、机动车与企业分布，服务公共治理决策（演示）。",
                "公共治理：区县人口与收入结构分析", List.of("区县人口与收入统计报告", "区县民生指标数据服务"), datasets());
        fileAndApprove(source, OPERATOR2, "operator2", SCENARIO2,
                "按区县统计企业注册资本与常住人口分布，辅助企业信用评价（演示）。",
                "企业信用：区县企业信用环境分析", List.of("区县企业信用环境指数"), datasets2());
    }

    private void fileAndApprove(AgreementSource source, String operatorName, String username, String scenario,
            String description, String purpose, List<String> products, List<RequestedFields> fields) {
        Optional<OrganizationView> operator = identity.organizationsOfType(OrganizationType.OPERATOR).stream()
                .filter(o -> o.name().equals(operatorName)).findFirst();
        Instant now = clock.instant();
        Optional<AgreementTerms> agreement = operator.flatMap(o -> source.activeFor(o.id()).stream()
                .filter(a -> a.active() && a.endsAt().isAfter(now)).findFirst());
        if (agreement.isEmpty()) {
            log.info("Demo access data skipped: {} has no active agreement", operatorName);
            return;
        }
        try {
            Actor operatorAdmin = actorOf(operator.get(), Role.OPERATOR_ADMIN, username);
            ScenarioRequestView filed = Actors.runAs(operatorAdmin, () -> access.file(new FileScenarioRequest(
                    agreement.get().agreementId(), scenario, description, purpose, products, 365, fields,
                    "统计分析")));
            UUID id = filed.id();
            Actors.runAs(operatorAdmin, () -> access.submit(id));
            OrganizationView bureau = identity.organizationsOfType(OrganizationType.AUTHORITY).stream()
                    .filter(o -> o.authorityLevel() == io.quanyun.identity.AuthorityLevel.CITY).findFirst()
                    .orElseThrow();
            Actors.runAs(actorOf(bureau, Role.AUTHORITY_ADMIN, AUTHORITY_USER),
                    () -> access.approve(id, ApproveScenarioRequest.withDefaults()));
            ScenarioRequestView result = filed;
            for (RequestedDatasetView dataset : filed.datasets().stream()
                    .collect(java.util.stream.Collectors.toMap(RequestedDatasetView::providerId, d -> d, (a, b) -> a,
                            java.util.LinkedHashMap::new)).values()) {
                OrganizationView provider = identity.describe(dataset.providerId()).orElseThrow();
                result = Actors.runAs(actorOf(provider, Role.PROVIDER_CLERK, null),
                        () -> access.approve(id, ApproveScenarioRequest.withDefaults()));
            }
            log.info("Demo access data loaded: request '{}' is {}, grant {}", scenario, result.state(),
                    result.grantId());
        } catch (QuanyunException | IllegalStateException e) {
            log.warn("Demo access data skipped: {}", e.getMessage());
        }
    }

    /** The actor of a demo user of the organization holding the role (by username when given). */
    private Actor actorOf(OrganizationView organization, Role role, @Nullable String preferredUsername) {
        List<UserView> users = Actors.runAs(Actor.system(), () -> identity.users(organization.id()));
        UserView user = users.stream().filter(u -> u.roles().contains(role) && u.enabled())
                .sorted((a, b) -> Boolean.compare(!a.username().equals(preferredUsername),
                        !b.username().equals(preferredUsername)))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + role + " user in " + organization.name()));
        return new Actor(user.id(), user.username(), organization.id(), organization.name(), organization.type(),
                user.roles(), null);
    }
}
