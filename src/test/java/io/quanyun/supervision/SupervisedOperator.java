package io.quanyun.supervision;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import io.quanyun.access.AccessManagement;
import io.quanyun.access.ApproveScenarioRequest;
import io.quanyun.access.FileScenarioRequest;
import io.quanyun.access.GrantDescriptor;
import io.quanyun.access.RequestedDatasetView;
import io.quanyun.access.RequestedFields;
import io.quanyun.access.ScenarioRequestView;
import io.quanyun.authorization.AgreementManagement;
import io.quanyun.authorization.AgreementView;
import io.quanyun.authorization.ApplicationView;
import io.quanyun.authorization.AuthorizationManagement;
import io.quanyun.authorization.CallMode;
import io.quanyun.authorization.CallView;
import io.quanyun.authorization.CriterionInput;
import io.quanyun.authorization.DeclareConflicts;
import io.quanyun.authorization.DraftCall;
import io.quanyun.authorization.ProposeShortlist;
import io.quanyun.authorization.RequiredDocument;
import io.quanyun.authorization.ReviewView;
import io.quanyun.authorization.ScoreInput;
import io.quanyun.authorization.StartReview;
import io.quanyun.authorization.SubmitApplication;
import io.quanyun.authorization.UploadedDocument;
import io.quanyun.catalog.DatasetDirectory;
import io.quanyun.identity.CreateUser;
import io.quanyun.identity.CreditCode;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.identity.RegisterOrganization;
import io.quanyun.identity.UserView;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.Role;
import io.quanyun.support.Api;

/**
 * An operator of the supervision tests' own, so that suspending, rectifying or terminating never touches the demo
 * operators that other test classes rely on. It is registered, applies to a call of its own, is reviewed,
 * shortlisted and signs its agreement through the authorization facade (the test clock is moved over the
 * application window and the notice period), then files a scenario request that the authority and the
 * providers approve, so that it holds a real grant. Its staff (an administrator and an engineer) are trained.
 */
final class SupervisedOperator {

    static final byte[] PDF = "%PDF-1.4\n% supervision test\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    final UUID organizationId;
    final String name;
    final String admin;
    final String engineer;
    final UUID engineerId;
    final UUID agreementId;
    final UUID grantId;

    private SupervisedOperator(UUID organizationId, String name, String admin, String engineer, UUID engineerId,
            UUID agreementId, UUID grantId) {
        this.organizationId = organizationId;
        this.name = name;
        this.admin = admin;
        this.engineer = engineer;
        this.engineerId = engineerId;
        this.agreementId = agreementId;
        this.grantId = grantId;
    }

    /** The facades the fixture needs. */
    record Platform(IdentityManagement identity, AuthorizationManagement authorization,
            AgreementManagement agreements, AccessManagement access, SupervisionManagement supervision,
            DatasetDirectory datasets, io.quanyun.support.MutableClock clock,
            io.quanyun.catalog.ConsentRegistry consents, io.quanyun.catalog.vault.Vault vault) {
    }

    /** Registers and authorizes a new operator; {@code label} becomes part of its name and usernames. */
    static SupervisedOperator create(Platform platform, String label) {
        String suffix = label + Long.toString(System.nanoTime() % 1_000_000L, 36);
        IdentityManagement identity = platform.identity();
        String name = "监管测试运营有限公司" + suffix;
        String code = CreditCode.withCheckCharacter("91370100" + String.format("%09d",
                (long) (System.nanoTime() % 1_000_000_000L))).value();
        OrganizationView organization = system(() -> identity.registerOrganization(new RegisterOrganization(name,
                OrganizationType.OPERATOR, code, null, null, "孙监测")));
        String admin = "sv-admin-" + suffix;
        String engineer = "sv-eng-" + suffix;
        UserView adminUser = system(() -> identity.createUser(new CreateUser(organization.id(), admin, "孙监测",
                Api.PASSWORD, Set.of(Role.OPERATOR_ADMIN, Role.OPERATOR_ENGINEER))));
        UserView engineerUser = system(() -> identity.createUser(new CreateUser(organization.id(), engineer,
                "周工程", Api.PASSWORD, Set.of(Role.OPERATOR_ENGINEER))));
        LocalDate today = LocalDate.now(platform.clock().withZone(io.quanyun.shared.Zones.SHANGHAI));
        for (UserView person : List.of(adminUser, engineerUser)) {
            system(() -> platform.supervision().recordTraining(new RecordTraining(person.id(), "岗前数据安全培训",
                    today.minusDays(1), TrainingResult.PASSED, today.plusYears(1))));
        }

        Authorized authorized = authorize(platform, organization.id(), admin, "bureau", suffix);
        recordConsents(platform, "监督测试核验" + suffix, organization.id());
        return new SupervisedOperator(organization.id(), name, admin, engineer, engineerUser.id(),
                authorized.agreementId(), authorized.grantId());
    }

    /** An active agreement of the operator and the grant it holds under it. */
    record Authorized(UUID agreementId, UUID grantId) {
    }

    /**
     * A further agreement of this operator, authorized by the authority whose administrator is {@code authority}
     * (e.g. a district authority), with a grant under it: for an operator under two authorizers (Art. 18 scope).
     */
    Authorized authorizedBy(Platform platform, String authority) {
        String suffix = authority + Long.toString(System.nanoTime() % 1_000_000L, 36);
        Authorized authorized = authorize(platform, organizationId, admin, authority, suffix);
        recordConsents(platform, "监督测试核验" + suffix, organizationId);
        return authorized;
    }

    /**
     * The authority {@code authorityUser} drafts and runs a call of its own for the operator (the test clock is moved
     * over the application window and the notice period), both sign, and the operator's scenario request is approved
     * by the authority and the providers.
     */
    private static Authorized authorize(Platform platform, UUID operatorId, String admin, String authorityUser,
            String suffix) {
        IdentityManagement identity = platform.identity();
        Actor bureau = actor(identity, authorityUser);
        Actor expert = actor(identity, "expert3");
        Actor operatorAdmin = actor(identity, admin);
        AuthorizationManagement authorization = platform.authorization();
        Instant now = platform.clock().instant();
        List<UUID> scope = new ArrayList<>();
        for (String dataset : List.of("person", "income", "clinic_visit")) {
            scope.add(platform.datasets().findByCode(dataset).orElseThrow().id());
        }
        CallView call = Actors.runAs(bureau, () -> authorization.draftCall(new DraftCall("监管测试授权" + suffix,
                "监督管理测试专用", CallMode.COMPREHENSIVE, null, scope, List.of(),
                List.of(new RequiredDocument("business_licence", "营业执照", true)),
                List.of(new CriterionInput("运营方案", 60), new CriterionInput("安全能力", 40)),
                now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofHours(1)), 5, 12)));
        Actors.runAs(bureau, () -> authorization.publishCall(call.id()));
        ApplicationView application = Actors.runAs(operatorAdmin, () -> authorization.apply(new SubmitApplication(
                call.id(), "监督测试场景", List.of(new UploadedDocument("business_licence", "营业执照.pdf",
                        "application/pdf", PDF)))));
        platform.clock().advance(Duration.ofHours(1).plusMinutes(1));
        List<ReviewView> panel = Actors.runAs(bureau, () -> authorization.startReview(call.id(),
                new StartReview(List.of(expert.userId()))));
        for (ReviewView review : panel) {
            Actors.runAs(expert, () -> {
                authorization.declareConflicts(review.id(), new DeclareConflicts(List.of(), null));
                authorization.score(review.id(), application.id(), List.of(new ScoreInput("C1", 80, "可行"),
                        new ScoreInput("C2", 80, "健全")));
                return authorization.submitReview(review.id());
            });
        }
        Actors.runAs(bureau, () -> authorization.publishNotice(call.id(),
                new ProposeShortlist(List.of(application.id()))));
        platform.clock().advance(Duration.ofDays(5).plusMinutes(1));
        Actors.runAs(bureau, () -> authorization.conclude(call.id()));
        AgreementView agreement = Actors.runAs(bureau, () -> platform.agreements().agreements()).stream()
                .filter(a -> a.operatorId().equals(operatorId) && a.state() != io.quanyun.authorization.AgreementState.ACTIVE
                        && a.authorizerId().equals(bureau.organizationId())).findFirst().orElseThrow();
        Actors.runAs(operatorAdmin, () -> platform.agreements().sign(agreement.id()));
        Actors.runAs(bureau, () -> platform.agreements().sign(agreement.id()));

        AccessManagement access = platform.access();
        ScenarioRequestView filed = Actors.runAs(operatorAdmin, () -> access.file(new FileScenarioRequest(
                agreement.id(), "监督测试统计" + suffix, "按区县统计人口与收入（监督管理测试）", "公共治理统计",
                List.of("统计报告"), 180, List.of(
                        new RequestedFields("person", List.of("id_no", "gender", "birth_date", "district")),
                        new RequestedFields("income", List.of("id_no", "year", "amount")),
                        new RequestedFields("clinic_visit", List.of("id_no", "visit_date", "hospital"))),
                "监督测试核验" + suffix)));
        Actors.runAs(operatorAdmin, () -> access.submit(filed.id()));
        Actors.runAs(bureau, () -> access.approve(filed.id(), ApproveScenarioRequest.withDefaults()));
        Map<UUID, RequestedDatasetView> providers = new LinkedHashMap<>();
        filed.datasets().forEach(d -> providers.putIfAbsent(d.providerId(), d));
        ScenarioRequestView approved = filed;
        for (UUID provider : providers.keySet()) {
            UserView clerk = system(() -> identity.users(provider)).stream()
                    .filter(u -> u.roles().contains(Role.PROVIDER_CLERK) && u.enabled()).findFirst().orElseThrow();
            approved = Actors.runAs(actor(identity, clerk.username()),
                    () -> access.approve(filed.id(), ApproveScenarioRequest.withDefaults()));
        }
        UUID grant = approved.grantId();
        if (grant == null) {
            throw new IllegalStateException("the supervised operator's request was not granted: " + approved.state());
        }
        return new Authorized(agreement.id(), grant);
    }

    /**
     * Every person of the current {@code person} version consents to the grant's purpose for this operator, so the
     * sandbox's consent row filter (Art. 6) leaves the operator the whole demo population to work on.
     */
    private static void recordConsents(Platform platform, String purpose, UUID operatorId) {
        io.quanyun.catalog.DatasetDescriptor person = platform.datasets().findByCode("person").orElseThrow();
        StringBuilder csv = new StringBuilder("identifier\n");
        try (io.quanyun.catalog.vault.DecryptedTable table = platform.vault().open(person.id().toString(),
                person.currentVersion());
                java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                java.sql.Statement statement = connection.createStatement()) {
            String file = "'" + table.path().toString().replace("'", "''") + "'";
            try (java.sql.ResultSet ids = statement.executeQuery("SELECT id_no FROM read_parquet(" + file + ")")) {
                while (ids.next()) {
                    csv.append(ids.getString(1)).append('\n');
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("the person version could not be read", e);
        }
        system(() -> platform.consents().recordAll(io.quanyun.catalog.SubjectKind.PERSON, purpose, operatorId, null,
                LocalDate.now(platform.clock().withZone(io.quanyun.shared.Zones.SHANGHAI)).plusYears(2),
                new java.io.ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8))));
    }

    static Actor actor(IdentityManagement identity, String username) {
        return identity.authenticate(username, Api.PASSWORD, "127.0.0.1");
    }

    Actor engineerActor(IdentityManagement identity) {
        return actor(identity, engineer);
    }

    Actor adminActor(IdentityManagement identity) {
        return actor(identity, admin);
    }

    /** The workspace of the operator's grant, with its engineer and administrator as members. */
    UUID workspace(io.quanyun.sandbox.SandboxManagement sandbox, IdentityManagement identity) {
        return workspace(sandbox, identity, grantId);
    }

    /** The workspace of one of the operator's grants, with its engineer and administrator as members. */
    UUID workspace(io.quanyun.sandbox.SandboxManagement sandbox, IdentityManagement identity, UUID grant) {
        Actor adminActor = adminActor(identity);
        io.quanyun.sandbox.WorkspaceView workspace = org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20)).until(() -> Actors.runAs(adminActor, sandbox::workspaces).stream()
                        .filter(w -> w.grantId().equals(grant)).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
        for (String member : List.of(engineer, admin)) {
            if (!workspace.members().contains(member)) {
                Actors.runAs(adminActor, () -> sandbox.addMember(workspace.id(), member));
            }
        }
        return workspace.id();
    }

    /** A listed product of the operator's grant and an API key for it. */
    record ListedProduct(UUID id, String key) {
    }

    /** Registers a verification product on the operator's grant, has the city authority list it, issues a key. */
    ListedProduct listedProduct(io.quanyun.product.ProductManagement products, IdentityManagement identity) {
        return listedProduct(products, identity, grantId, "bureau");
    }

    /** The same on one of the operator's grants, reviewed by the given authority user. */
    ListedProduct listedProduct(io.quanyun.product.ProductManagement products, IdentityManagement identity,
            UUID grant, String reviewer) {
        Actor admin = adminActor(identity);
        String purpose = "监督测试核验" + UUID.randomUUID().toString().substring(0, 6);
        io.quanyun.product.ProductView product = Actors.runAs(admin, () -> products.register(
                new io.quanyun.product.RegisterProduct(grant, io.quanyun.product.ProductForm.DATA_VERIFICATION,
                        "户籍区县核验", "核验本人户籍所在区县", io.quanyun.product.PricingModel.FREE, null, purpose,
                        new io.quanyun.product.VerificationDefinition("person", "id_no", "district",
                                io.quanyun.product.VerificationComparison.EQUALS))));
        Actors.runAs(admin, () -> products.submit(product.id()));
        Actors.runAs(actor(identity, reviewer), () -> products.review(product.id(),
                new io.quanyun.product.ReviewProduct(true, io.quanyun.product.RiskLevel.LOW, "清单符合", null)));
        String key = Actors.runAs(admin, () -> products.issueApiKey(product.id(),
                new io.quanyun.product.IssueApiKey("某银行"))).key();
        return new ListedProduct(product.id(), key);
    }

    GrantDescriptor grant(AccessManagement access) {
        return system(() -> access.find(grantId)).orElseThrow();
    }

    private static <T> T system(Supplier<T> work) {
        return Actors.runAs(Actor.system(), work);
    }
}
