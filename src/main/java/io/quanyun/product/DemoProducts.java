package io.quanyun.product;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.quanyun.access.AccessManagement;
import io.quanyun.access.AgreementSource;
import io.quanyun.access.AgreementTerms;
import io.quanyun.access.ApproveScenarioRequest;
import io.quanyun.access.FileScenarioRequest;
import io.quanyun.access.RequestedDatasetView;
import io.quanyun.access.RequestedFields;
import io.quanyun.access.ScenarioRequestState;
import io.quanyun.access.ScenarioRequestView;
import io.quanyun.catalog.ConsentRegistry;
import io.quanyun.catalog.DatasetDescriptor;
import io.quanyun.catalog.DatasetDirectory;
import io.quanyun.catalog.SubjectKind;
import io.quanyun.catalog.vault.DecryptedTable;
import io.quanyun.catalog.vault.Vault;
import io.quanyun.identity.AuthorityLevel;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.identity.UserView;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Role;

/**
 * The demo products for {@code ./quanyun dev} (after the demo grant, {@code @Order(50)}): {@code operator}'s
 * company files the request 身份核验服务 for the identity number and name of {@code person}, the authority and
 * the provider approve it; the company registers the verification "身份号码与姓名一致性核验" (id-card number and
 * name match), the authority reviews it as high risk and the district authority gives the second review, so it
 * is listed with its index built. The consumer {@code bank} subscribes and holds the key
 * {@code quanyun.demo.api-key} ({@code QUANYUN_DEMO_API_KEY}); consent records cover the demo people whose
 * identity number has {@code 0} as its 16th character (about a tenth), up to {@code quanyun.demo.consent-limit},
 * in identity-number order, so that a benchmark generating the same people knows whom it may ask about.
 */
@Component
@Order(50)
@ConditionalOnProperty(name = "quanyun.demo.enabled", havingValue = "true")
class DemoProducts implements ApplicationRunner {

    static final String OPERATOR = "泉城数据科技有限公司";
    static final String CONSUMER = "泉城商业银行股份有限公司";
    static final String PRODUCT = "身份号码与姓名一致性核验";
    static final String SCENARIO = "身份核验服务";
    static final String PURPOSE = "identity-verification";

    private static final Logger log = LoggerFactory.getLogger(DemoProducts.class);

    private final ProductManagement products;
    private final SubscriptionManagement subscriptions;
    private final Products repository;
    private final AccessManagement access;
    private final ObjectProvider<AgreementSource> agreements;
    private final IdentityManagement identity;
    private final DatasetDirectory datasets;
    private final ConsentRegistry consents;
    private final Vault vault;
    private final Clock clock;
    private final String apiKey;
    private final int consentLimit;
    private final long quota;
    private final int rate;

    DemoProducts(ProductManagement products, SubscriptionManagement subscriptions, Products repository,
            AccessManagement access, ObjectProvider<AgreementSource> agreements, IdentityManagement identity,
            DatasetDirectory datasets, ConsentRegistry consents, Vault vault, Clock clock,
            @Value("${quanyun.demo.api-key:qyc_dev-quanyun-demo-key-2026}") String apiKey,
            @Value("${quanyun.demo.consent-limit:20000}") int consentLimit,
            @Value("${quanyun.demo.api-quota:1000000}") long quota,
            @Value("${quanyun.demo.api-rate:1000}") int rate) {
        this.products = products;
        this.subscriptions = subscriptions;
        this.repository = repository;
        this.access = access;
        this.agreements = agreements;
        this.identity = identity;
        this.datasets = datasets;
        this.consents = consents;
        this.vault = vault;
        this.clock = clock;
        this.apiKey = apiKey;
        this.consentLimit = consentLimit;
        this.quota = quota;
        this.rate = rate;
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            Optional<OrganizationView> operator = organization(OrganizationType.OPERATOR, OPERATOR);
            Optional<OrganizationView> bank = organization(OrganizationType.CONSUMER, CONSUMER);
            if (operator.isEmpty() || bank.isEmpty()) {
                log.info("Demo products skipped: the demo operator or consumer is missing");
                return;
            }
            Product product = repository.findAllByOrderByCreatedAtDesc().stream()
                    .filter(p -> p.view().name().equals(PRODUCT) && p.state() != ProductState.DELISTED).findFirst()
                    .orElse(null);
            UUID productId = product != null ? product.id() : create(operator.get());
            if (productId == null) {
                return;
            }
            Actor bankUser = actorOf(bank.get(), Role.CONSUMER_ADMIN, "bank");
            UUID subscription = Actors.runAs(bankUser, () -> subscriptions.subscriptions().stream()
                    .filter(s -> s.productId().equals(productId) && s.state() == SubscriptionState.ACTIVE)
                    .map(SubscriptionView::id).findFirst()
                    .orElseGet(() -> subscriptions.subscribe(new SubscribeToProduct(productId, quota, rate)).id()));
            Actors.runAs(Actor.system(), () -> {
                subscriptions.installKey(subscription, apiKey);
                return null;
            });
            log.info("Demo product '{}' ({}) is listed; consumer {} calls it with the demo API key", PRODUCT,
                    productId, CONSUMER);
        } catch (QuanyunException | IllegalStateException e) {
            log.warn("Demo products skipped: {}", e.getMessage());
        }
    }

    private @Nullable UUID create(OrganizationView operator) {
        AgreementSource source = agreements.getIfAvailable();
        Instant now = clock.instant();
        Optional<AgreementTerms> agreement = source == null ? Optional.empty()
                : source.activeFor(operator.id()).stream().filter(a -> a.active() && a.endsAt().isAfter(now)).findFirst();
        if (agreement.isEmpty()) {
            log.info("Demo products skipped: {} has no active agreement", OPERATOR);
            return null;
        }
        Actor operatorAdmin = actorOf(operator, Role.OPERATOR_ADMIN, "operator");
        OrganizationView city = identity.organizationsOfType(OrganizationType.AUTHORITY).stream()
                .filter(o -> o.authorityLevel() == AuthorityLevel.CITY).findFirst().orElseThrow();
        // an earlier start may have had the request approved and stopped before the product (one request per
        // scenario: the request is not filed twice)
        Optional<UUID> earlierGrant = Actors.runAs(operatorAdmin, () -> access.requests()).stream()
                .filter(r -> r.name().equals(SCENARIO) && r.state() == ScenarioRequestState.APPROVED
                        && r.grantId() != null)
                .map(ScenarioRequestView::grantId).findFirst();
        UUID grantId = earlierGrant.isPresent() ? earlierGrant.get() : approvedGrant(operatorAdmin, agreement.get(), city);
        if (grantId == null) {
            return null;
        }
        return register(operatorAdmin, grantId, city, operator);
    }

    private @Nullable UUID approvedGrant(Actor operatorAdmin, AgreementTerms agreement, OrganizationView city) {
        ScenarioRequestView filed = Actors.runAs(operatorAdmin, () -> access.file(new FileScenarioRequest(
                agreement.agreementId(), SCENARIO,
                "为金融机构开户、信贷等场景提供身份号码与姓名一致性核验，仅返回一致/不一致/未找到，不返回任何数据（演示）。",
                "数据核验：身份号码与姓名一致性", List.of(PRODUCT), 365,
                List.of(new RequestedFields("person", List.of("id_no", "name"))), PURPOSE)));
        Actors.runAs(operatorAdmin, () -> access.submit(filed.id()));
        Actors.runAs(actorOf(city, Role.AUTHORITY_ADMIN, "bureau"),
                () -> access.approve(filed.id(), ApproveScenarioRequest.withDefaults()));
        ScenarioRequestView approved = filed;
        for (RequestedDatasetView dataset : filed.datasets().stream().collect(java.util.stream.Collectors.toMap(
                RequestedDatasetView::providerId, d -> d, (a, b) -> a, LinkedHashMap::new)).values()) {
            OrganizationView provider = identity.describe(dataset.providerId()).orElseThrow();
            approved = Actors.runAs(actorOf(provider, Role.PROVIDER_CLERK, null),
                    () -> access.approve(filed.id(), ApproveScenarioRequest.withDefaults()));
        }
        if (approved.grantId() == null) {
            log.info("Demo products skipped: the request {} is {}", SCENARIO, approved.state());
        }
        return approved.grantId();
    }

    private UUID register(Actor operatorAdmin, UUID grantId, OrganizationView city, OrganizationView operator) {
        ProductView registered = Actors.runAs(operatorAdmin, () -> products.register(new RegisterProduct(grantId,
                ProductForm.DATA_VERIFICATION, PRODUCT,
                "输入身份号码与姓名，返回一致(MATCH)、不一致(NO_MATCH)或未找到(NOT_FOUND)；须有数据主体授权（同意记录或授权凭证）。",
                PricingModel.PER_CALL, new BigDecimal("0.05"), PURPOSE,
                new VerificationDefinition("person", "id_no", "name", VerificationComparison.EQUALS))));
        Actors.runAs(operatorAdmin, () -> products.submit(registered.id()));
        Actors.runAs(actorOf(city, Role.AUTHORITY_ADMIN, "bureau"), () -> products.review(registered.id(),
                new ReviewProduct(true, RiskLevel.HIGH, "涉及姓名与身份号码，按高风险复核；仅返回核验结论。", new BigDecimal("0.10"))));
        OrganizationView district = identity.organizationsOfType(OrganizationType.AUTHORITY).stream()
                .filter(o -> o.authorityLevel() == AuthorityLevel.DISTRICT).findFirst().orElseThrow();
        ProductView listed = Actors.runAs(actorOf(district, Role.AUTHORITY_ADMIN, "district"),
                () -> products.review(registered.id(), new ReviewProduct(true, null, "同意上架。", null)));
        recordConsents(operator.id());
        return listed.id();
    }

    /** Consent records for the demo people whose identity number's 16th character is 0, in number order. */
    private void recordConsents(UUID operatorId) {
        DatasetDescriptor person = datasets.findByCode("person").orElse(null);
        if (person == null || person.currentVersion() == null) {
            return;
        }
        List<String> subjects = consentingPeople(vault, person, consentLimit);
        StringBuilder csv = new StringBuilder("identifier\n");
        subjects.forEach(s -> csv.append(s).append('\n'));
        LocalDate until = LocalDate.ofInstant(clock.instant(), io.quanyun.shared.Zones.SHANGHAI).plusYears(2);
        Actors.runAs(Actor.system(), () -> consents.recordAll(SubjectKind.PERSON, PURPOSE, operatorId, null, until,
                new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8))));
        log.info("Demo consents recorded for {} people ({})", subjects.size(), PURPOSE);
    }

    /** The demo people with consent: well-formed numbers whose 16th character is 0, in order, at most limit. */
    static List<String> consentingPeople(Vault vault, DatasetDescriptor person, int limit) {
        List<String> subjects = new ArrayList<>();
        try (DecryptedTable table = vault.open(person.id().toString(), person.currentVersion());
                Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                // spilled pages would be plaintext identifiers on disk: stay in memory or fail
                ResultSet rows = noSpill(statement).executeQuery("SELECT DISTINCT id_no FROM read_parquet('"
                        + table.path().toString().replace("'", "''") + "') WHERE substr(id_no, 16, 1) = '0' ORDER BY id_no")) {
            while (rows.next() && subjects.size() < limit) {
                String id = rows.getString(1);
                if (id != null && IdentityNumbers.isValid(id)) {
                    subjects.add(id);
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not read the demo people: " + e.getMessage());
        }
        return subjects;
    }

    private Optional<OrganizationView> organization(OrganizationType type, String name) {
        return identity.organizationsOfType(type).stream().filter(o -> o.name().equals(name)).findFirst();
    }

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

    private static Statement noSpill(Statement statement) throws java.sql.SQLException {
        statement.execute("SET max_temp_directory_size = '0B'");
        return statement;
    }
}
