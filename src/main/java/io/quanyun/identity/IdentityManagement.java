package io.quanyun.identity;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.audit.Outcome;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Role;
import io.quanyun.shared.Violations;

/**
 * The identity module's facade: organizations, users, sign-in and tokens. Every method checks the current
 * actor's permission here, in the service, and writes the audit log.
 */
@Service
public class IdentityManagement {

    /** Password hashes: BCrypt with cost 10. Also available to command-line runs without the web layer. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class PasswordConfiguration {
        @org.springframework.context.annotation.Bean
        PasswordEncoder passwordEncoder() {
            return new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(10);
        }
    }

    private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9_.-]{2,63}");
    private static final int MINIMUM_PASSWORD_LENGTH = 8;

    private final Organizations organizations;
    private final UserAccounts users;
    private final PasswordEncoder passwords;
    private final AuditTrail audit;
    private final Clock clock;
    private final IdentitySettings settings;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final SecureRandom random = new SecureRandom();
    private final String dummyHash;

    IdentityManagement(Organizations organizations, UserAccounts users, PasswordEncoder passwords, AuditTrail audit,
            Clock clock, IdentitySettings settings, JdbcClient jdbc, ApplicationEventPublisher events,
            PlatformTransactionManager transactionManager) {
        this.organizations = organizations;
        this.users = users;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
        this.jdbc = jdbc;
        this.events = events;
        this.transactions = new TransactionTemplate(transactionManager);
        this.dummyHash = passwords.encode("not-a-password-" + UUID.randomUUID());
    }

    // ---------------------------------------------------------------- organizations

    /** Registers an organization. Only the city authority may. */
    @Transactional
    public OrganizationView registerOrganization(RegisterOrganization command) {
        Actor actor = Actors.current();
        requireCityAuthorityOrSystem(actor, "identity.organization.register");
        Violations violations = Violations.create()
                .check(command.name() != null && !command.name().isBlank(), "name", "名称必填 (name is required)")
                .check(command.name() == null || command.name().length() <= 200, "name",
                        "名称过长 (name is too long)")
                .check(command.type() != null, "type", "类型必填 (type is required)")
                .check(command.creditCode() != null && CreditCode.isValid(command.creditCode()), "creditCode",
                        "统一社会信用代码无效 (the unified social credit code is not valid)");
        if (command.type() == OrganizationType.AUTHORITY) {
            violations.check(command.authorityLevel() != null, "authorityLevel",
                    "主管部门须注明市级或区县级 (an authority needs its level)");
        }
        if (command.type() == OrganizationType.SUPERVISOR) {
            violations.check(command.supervisorDepartment() != null, "supervisorDepartment",
                    "监管部门须注明所属部门 (a supervisor needs its department)");
        }
        if (command.type() == OrganizationType.OPERATOR) {
            violations.check(command.legalRepresentative() != null && !command.legalRepresentative().isBlank(),
                    "legalRepresentative", "运营单位须注明法定代表人 (an operator needs its legal representative)");
        }
        if (!violations.isEmpty()) {
            boolean badCode = violations.list().stream().allMatch(v -> v.field().equals("creditCode"));
            throw new QuanyunException(badCode ? ErrorCode.INVALID_CREDIT_CODE : ErrorCode.VALIDATION_FAILED,
                    "The organization cannot be registered", violations.list(), "organization", null);
        }
        CreditCode code = CreditCode.of(command.creditCode());
        Optional<Organization> sameCode = organizations.findByCreditCode(code.value());
        if (command.type() == OrganizationType.OPERATOR) {
            var decision = MaintainerMayNotOperate.mayRegisterAsOperator(sameCode);
            if (!decision.allowed()) {
                throw refuse(ErrorCode.MAINTAINER_MAY_NOT_OPERATE, "identity.organization.register", "organization",
                        sameCode.get().id(), decision.reason());
            }
        }
        if (sameCode.isPresent()) {
            throw new QuanyunException(ErrorCode.DUPLICATE, "An organization with this credit code exists",
                    List.of(new io.quanyun.shared.Violation("creditCode", "已被登记 (already registered)")),
                    "organization", sameCode.get().id().toString());
        }
        if (organizations.findByName(command.name().trim()).isPresent()) {
            throw new QuanyunException(ErrorCode.DUPLICATE, "An organization with this name exists",
                    List.of(new io.quanyun.shared.Violation("name", "已被登记 (already registered)")),
                    "organization", null);
        }
        Organization organization = Organization.register(command.name().trim(), command.type(), code,
                command.type() == OrganizationType.AUTHORITY ? command.authorityLevel() : null,
                command.type() == OrganizationType.SUPERVISOR ? command.supervisorDepartment() : null,
                blankToNull(command.legalRepresentative()), clock.instant());
        organizations.save(organization);
        audit.record(AuditEvent.success("identity.organization.register", "organization", organization.id())
                .with("type", organization.type()).with("name", organization.name()));
        events.publishEvent(new OrganizationRegistered(organization.id(), organization.type()));
        return organization.view();
    }

    /**
     * The organizations the current actor may see: all of them for authorities and auditors, its own for
     * everyone else.
     */
    @Transactional(readOnly = true)
    public List<OrganizationView> organizations() {
        Actor actor = Actors.current();
        requireSignedIn(actor);
        if (seesAllOrganizations(actor)) {
            return organizations.findAllByOrderByTypeAscNameAsc().stream().map(Organization::view).toList();
        }
        return organizations.findById(actor.organizationId()).map(Organization::view).stream().toList();
    }

    /** One organization, if the current actor may see it. */
    @Transactional(readOnly = true)
    public OrganizationView organization(UUID id) {
        Actor actor = Actors.current();
        requireSignedIn(actor);
        if (!seesAllOrganizations(actor) && !actor.belongsTo(id)) {
            throw refuse(ErrorCode.FORBIDDEN, "identity.organization.read", "organization", id,
                    "not the actor's organization");
        }
        return organizations.findById(id).map(Organization::view)
                .orElseThrow(() -> QuanyunException.notFound("organization", id));
    }

    /**
     * The public facts of an organization (name, type, credit code, legal representative), for other modules;
     * no permission is needed since these facts are public.
     */
    @Transactional(readOnly = true)
    public Optional<OrganizationView> describe(UUID id) {
        return organizations.findById(id).map(Organization::view);
    }

    /** Organizations of a type, for other modules' choices (e.g. providers in a call). Public facts only. */
    @Transactional(readOnly = true)
    public List<OrganizationView> organizationsOfType(OrganizationType type) {
        return organizations.findByType(type).stream().map(Organization::view)
                .sorted(Comparator.comparing(OrganizationView::name)).toList();
    }

    /**
     * Refuses, with {@link ErrorCode#MAINTAINER_MAY_NOT_OPERATE} and an audit entry, when the organization may
     * not act as an operator (Art. 11): the maintainer never may, and only operator organizations may.
     */
    @Transactional(readOnly = true)
    public void requireMayOperate(UUID organizationId, String action) {
        Organization organization = organizations.findById(organizationId)
                .orElseThrow(() -> QuanyunException.notFound("organization", organizationId));
        var decision = MaintainerMayNotOperate.mayOperate(organization);
        if (!decision.allowed()) {
            ErrorCode code = organization.type() == OrganizationType.MAINTAINER ? ErrorCode.MAINTAINER_MAY_NOT_OPERATE
                    : ErrorCode.FORBIDDEN;
            throw refuse(code, action, "organization", organizationId, decision.reason());
        }
    }

    // ---------------------------------------------------------------- users

    /**
     * Creates a user. The city authority may create users in any organization; an operator administrator
     * only in its own organization.
     */
    @Transactional
    public UserView createUser(CreateUser command) {
        Actor actor = Actors.current();
        Violations violations = Violations.create()
                .check(command.organizationId() != null, "organizationId", "所属单位必填 (organization is required)")
                .check(command.username() != null && USERNAME.matcher(command.username()).matches(), "username",
                        "用户名须为3-64位小写字母、数字或._- (username: 3-64 lower-case letters, digits, . _ -)")
                .check(command.displayName() != null && !command.displayName().isBlank()
                        && command.displayName().length() <= 100, "displayName", "姓名必填 (display name is required)")
                .check(command.password() != null && command.password().length() >= MINIMUM_PASSWORD_LENGTH
                        && command.password().length() <= 128, "password",
                        "密码至少8位 (password needs at least 8 characters)")
                .check(command.roles() != null && !command.roles().isEmpty(), "roles",
                        "至少一个角色 (at least one role)");
        violations.throwIfAny();
        Organization organization = organizations.findById(command.organizationId())
                .orElseThrow(() -> QuanyunException.notFound("organization", command.organizationId()));
        boolean mayCreate = actor.isSystem() || isCityAuthority(actor)
                || (actor.has(Role.OPERATOR_ADMIN) && actor.belongsTo(organization.id()));
        if (!mayCreate) {
            throw refuse(ErrorCode.FORBIDDEN, "identity.user.create", "organization", organization.id(),
                    "actor may not create users in this organization");
        }
        Set<Role> roles = command.roles();
        if (organization.type() == OrganizationType.MAINTAINER
                && (roles.contains(Role.OPERATOR_ADMIN) || roles.contains(Role.OPERATOR_ENGINEER))) {
            throw refuse(ErrorCode.MAINTAINER_MAY_NOT_OPERATE, "identity.user.create", "organization",
                    organization.id(), "operator role requested for a maintainer's user");
        }
        Violations roleViolations = Violations.create();
        for (Role role : roles) {
            roleViolations.check(role.fits(organization.type()), "roles",
                    "角色" + role.name() + "不适用于该类型单位 (role " + role.name() + " does not fit "
                            + organization.type() + ")");
        }
        roleViolations.throwIfAny();
        if (users.findByUsername(command.username()).isPresent()) {
            throw new QuanyunException(ErrorCode.DUPLICATE, "The username is taken",
                    List.of(new io.quanyun.shared.Violation("username", "已被使用 (already taken)")), "user", null);
        }
        UserAccount user = UserAccount.create(command.username(), command.displayName().trim(), organization.id(),
                passwords.encode(command.password()), roles, clock.instant());
        users.save(user);
        audit.record(AuditEvent.success("identity.user.create", "user", user.id())
                .with("username", user.username()).with("organization", organization.id())
                .with("roles", roles.stream().map(Enum::name).sorted().collect(Collectors.joining(","))));
        return user.view(organization.name());
    }

    /** The users of an organization, for authorities, auditors and the organization's own members. */
    @Transactional(readOnly = true)
    public List<UserView> users(UUID organizationId) {
        Actor actor = Actors.current();
        requireSignedIn(actor);
        if (!seesAllOrganizations(actor) && !actor.belongsTo(organizationId)) {
            throw refuse(ErrorCode.FORBIDDEN, "identity.user.list", "organization", organizationId,
                    "not the actor's organization");
        }
        Organization organization = organizations.findById(organizationId)
                .orElseThrow(() -> QuanyunException.notFound("organization", organizationId));
        return users.findByOrganizationIdOrderByUsername(organizationId).stream()
                .map(user -> user.view(organization.name())).toList();
    }

    /** The signed-in user's own facts. */
    @Transactional(readOnly = true)
    public UserView me() {
        Actor actor = Actors.current();
        requireSignedIn(actor);
        UserAccount user = users.findById(actor.userId())
                .orElseThrow(() -> QuanyunException.notFound("user", actor.userId()));
        return user.view(actor.organizationName());
    }

    /** Whether any organization exists yet (demo data is loaded only into an empty platform). */
    @Transactional(readOnly = true)
    public boolean isEmpty() {
        return organizations.count() == 0;
    }

    // ---------------------------------------------------------------- sign-in and tokens

    /**
     * Checks a username and password. An unknown user and a wrong password get the same answer, in the same
     * time; after {@link IdentitySettings#maximumFailedAttempts()} failures in a row the account is locked for
     * {@link IdentitySettings#lockDuration()}. Every attempt is audited.
     */
    public Actor authenticate(@Nullable String username, @Nullable String password, @Nullable String clientAddress) {
        Instant now = clock.instant();
        String name = username == null ? "" : username.trim();
        Optional<UserAccount> found = name.isEmpty() ? Optional.empty() : users.findByUsername(name);
        if (found.isEmpty()) {
            passwords.matches(password == null ? "" : password, dummyHash);
            audit.recordIndependently(new AuditEvent(Actor.anonymous(clientAddress), "identity.sign-in", "user",
                    truncate(name, 64), Outcome.REFUSED, "unknown user", Map.of()));
            throw new QuanyunException(ErrorCode.BAD_CREDENTIALS, "Unknown user or wrong password").markAudited();
        }
        UserAccount user = found.get();
        Organization organization = organizations.findById(user.organizationId()).orElseThrow();
        Actor actor = actorOf(user, organization, clientAddress);
        if (!user.enabled()) {
            audit.recordIndependently(new AuditEvent(actor, "identity.sign-in", "user", user.id().toString(),
                    Outcome.REFUSED, "account disabled", Map.of()));
            throw new QuanyunException(ErrorCode.BAD_CREDENTIALS, "Unknown user or wrong password").markAudited();
        }
        if (user.isLocked(now)) {
            audit.recordIndependently(new AuditEvent(actor, "identity.sign-in", "user", user.id().toString(),
                    Outcome.REFUSED, "account locked", Map.of()));
            throw new QuanyunException(ErrorCode.ACCOUNT_LOCKED,
                    "The account is locked after repeated failed sign-ins; try again later").markAudited();
        }
        if (password == null || !passwords.matches(password, user.passwordHash())) {
            boolean locked = Boolean.TRUE.equals(transactions.execute(status -> {
                UserAccount fresh = users.findById(user.id()).orElseThrow();
                boolean nowLocked = fresh.failedSignIn(now, settings.maximumFailedAttempts(),
                        settings.lockDuration());
                users.save(fresh);
                audit.record(new AuditEvent(actor, "identity.sign-in", "user", user.id().toString(), Outcome.REFUSED,
                        nowLocked ? "wrong password; account locked" : "wrong password", Map.of()));
                return nowLocked;
            }));
            throw new QuanyunException(locked ? ErrorCode.ACCOUNT_LOCKED : ErrorCode.BAD_CREDENTIALS,
                    locked ? "The account is locked after repeated failed sign-ins; try again later"
                            : "Unknown user or wrong password").markAudited();
        }
        transactions.executeWithoutResult(status -> {
            UserAccount fresh = users.findById(user.id()).orElseThrow();
            fresh.signedIn(now);
            users.save(fresh);
            audit.record(new AuditEvent(actor, "identity.sign-in", "user", user.id().toString(), Outcome.SUCCESS,
                    null, Map.of()));
        });
        return actor;
    }

    /** Signs in and issues a bearer token for the API. */
    public IssuedToken issueToken(@Nullable String username, @Nullable String password,
            @Nullable String clientAddress) {
        Actor actor = authenticate(username, password, clientAddress);
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = "qy_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(settings.tokenLifetime());
        transactions.executeWithoutResult(status -> {
            jdbc.sql("insert into api_token (token_hash, user_id, issued_at, expires_at, revoked) "
                    + "values (:hash, :user, :issued, :expires, false)")
                    .param("hash", hashOf(token)).param("user", actor.userId())
                    .param("issued", java.sql.Timestamp.from(now)).param("expires", java.sql.Timestamp.from(expiresAt))
                    .update();
            audit.record(new AuditEvent(actor, "identity.token.issue", "user", String.valueOf(actor.userId()),
                    Outcome.SUCCESS, null, Map.of("expiresAt", expiresAt.toString())));
        });
        return new IssuedToken(token, expiresAt);
    }

    /** The actor a bearer token stands for, while it is valid and its user may sign in. */
    @Transactional(readOnly = true)
    public Optional<Actor> actorForToken(String token, @Nullable String clientAddress) {
        if (token == null || !token.startsWith("qy_") || token.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<UUID> userId = jdbc.sql("select user_id, expires_at, revoked from api_token where token_hash = :hash")
                .param("hash", hashOf(token))
                .query((rs, n) -> {
                    boolean valid = !rs.getBoolean("revoked")
                            && rs.getTimestamp("expires_at").toInstant().isAfter(now);
                    return valid ? rs.getObject("user_id", UUID.class) : null;
                }).optional();
        return userId.flatMap(users::findById)
                .filter(user -> user.enabled() && !user.isLocked(now))
                .map(user -> actorOf(user, organizations.findById(user.organizationId()).orElseThrow(),
                        clientAddress));
    }

    /** Revokes every token of the current user (sign-out of the API). */
    @Transactional
    public void revokeTokens() {
        Actor actor = Actors.current();
        requireSignedIn(actor);
        jdbc.sql("update api_token set revoked = true where user_id = :user").param("user", actor.userId()).update();
        audit.record(AuditEvent.success("identity.token.revoke", "user", actor.userId()));
    }

    // ---------------------------------------------------------------- helpers

    private static Actor actorOf(UserAccount user, Organization organization, @Nullable String clientAddress) {
        return new Actor(user.id(), user.username(), organization.id(), organization.name(), organization.type(),
                user.roles(), clientAddress);
    }

    private static boolean seesAllOrganizations(Actor actor) {
        return actor.isSystem() || actor.has(Role.AUTHORITY_ADMIN) || actor.has(Role.AUDITOR);
    }

    private boolean isCityAuthority(Actor actor) {
        if (!actor.has(Role.AUTHORITY_ADMIN) || actor.organizationId() == null) {
            return false;
        }
        return organizations.findById(actor.organizationId())
                .map(org -> org.authorityLevel() == AuthorityLevel.CITY).orElse(false);
    }

    private void requireCityAuthorityOrSystem(Actor actor, String action) {
        if (!actor.isSystem() && !isCityAuthority(actor)) {
            throw refuse(ErrorCode.FORBIDDEN, action, "organization", null, "only the city authority may do this");
        }
    }

    private static void requireSignedIn(Actor actor) {
        if (!actor.isSystem() && !actor.isAuthenticated()) {
            throw new QuanyunException(ErrorCode.UNAUTHENTICATED, "Sign in first");
        }
    }

    /** Builds a refusal and records it in the audit log in a transaction of its own. */
    private QuanyunException refuse(ErrorCode code, String action, String objectType, @Nullable Object objectId,
            String reason) {
        audit.recordIndependently(AuditEvent.refused(action, objectType, objectId, code.code() + ": " + reason));
        return new QuanyunException(code, code.titleEn(), List.of(), objectType,
                objectId == null ? null : objectId.toString()).markAudited();
    }

    static String hashOf(String token) {
        return io.quanyun.audit.Sm3.hex(token);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
