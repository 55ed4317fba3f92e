package io.quanyun.product;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.audit.Sm3;
import io.quanyun.catalog.ConsentRegistry;
import io.quanyun.catalog.SubjectHash;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Role;
import io.quanyun.shared.Violations;
import io.quanyun.shared.Zones;

/**
 * Product consumers (e.g. banks): browse listed products, subscribe with a quota and a rate limit, hold API keys
 * (shown once, kept as SM3 hashes, revocable), read usage and monthly statements; and consent tokens, by which a
 * data subject authorizes one consumer to call one product about them. Permission checks and audit here.
 */
@Service
public class SubscriptionManagement {

    /** Answered calls a month when the consumer asks for no quota. */
    public static final long DEFAULT_QUOTA = 100_000;
    /** Calls a second when the consumer asks for no rate. */
    public static final int DEFAULT_RATE = 50;
    static final long MAX_QUOTA = 1_000_000_000L;
    static final int MAX_RATE = 100_000;

    private final Products products;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final IdentityManagement identity;
    private final CallDirectory directory;
    private final ConsentTokenRecords tokenRecords;
    private final SubjectHash subjectHash;
    private final SecureRandom random = new SecureRandom();

    SubscriptionManagement(Products products, JdbcClient jdbc, AuditTrail audit, Clock clock,
            IdentityManagement identity, CallDirectory directory, ConsentTokenRecords tokenRecords,
            ConsentRegistry consents) {
        this.products = products;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.identity = identity;
        this.directory = directory;
        this.tokenRecords = tokenRecords;
        this.subjectHash = consents.subjectHash();
    }

    // ------------------------------------------------------------------ browsing and subscribing

    /** The listed products, for any signed-in person; a consumer sees its own active subscription to each. */
    @Transactional(readOnly = true)
    public List<ListedProduct> listedProducts() {
        Actor actor = Actors.current();
        if (!actor.isAuthenticated() && !actor.isSystem()) {
            throw refuse(ErrorCode.FORBIDDEN, "product.market", null, "not signed in");
        }
        return products.findAllByOrderByCreatedAtDesc().stream().filter(p -> p.state() == ProductState.LISTED)
                .map(Product::view).map(p -> new ListedProduct(p.id(), p.name(), p.description(), p.form(),
                        identity.describe(p.operatorId()).map(OrganizationView::name).orElse(""), p.pricingModel(),
                        p.fee(), ProductCalls.inputsOf(p), p.consentPurpose(),
                        actor.organizationId() == null ? null : activeSubscription(p.id(), actor.organizationId())))
                .toList();
    }

    /** A consumer administrator subscribes the consumer to a listed product. */
    @Transactional
    public SubscriptionView subscribe(SubscribeToProduct command) {
        Actor actor = requireConsumer("product.subscribe", null);
        long quota = command.monthlyQuota() == null ? DEFAULT_QUOTA : command.monthlyQuota();
        int rate = command.ratePerSecond() == null ? DEFAULT_RATE : command.ratePerSecond();
        Violations.create().check(command.productId() != null, "productId", "产品必填 (productId is required)")
                .check(quota >= 1 && quota <= MAX_QUOTA, "monthlyQuota",
                        "月度额度须在1至" + MAX_QUOTA + "之间 (between 1 and " + MAX_QUOTA + ")")
                .check(rate >= 1 && rate <= MAX_RATE, "ratePerSecond",
                        "限速须在1至" + MAX_RATE + "之间 (between 1 and " + MAX_RATE + ")")
                .throwIfAny();
        Product product = products.findById(command.productId())
                .orElseThrow(() -> QuanyunException.notFound("product", command.productId()));
        if (product.state() != ProductState.LISTED) {
            throw refuse(ErrorCode.PRODUCT_NOT_LISTED, "product.subscribe", product.id(), "not listed");
        }
        if (activeSubscription(product.id(), actor.organizationId()) != null) {
            throw refuse(ErrorCode.SUBSCRIPTION_EXISTS, "product.subscribe", product.id(), "already subscribed");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into product_subscription (id, product_id, consumer_id, consumer_name, monthly_quota,
                    rate_per_second, state, created_by, created_at)
                values (:id, :product, :consumer, :name, :quota, :rate, 'ACTIVE', :by, :at)""")
                .param("id", id).param("product", product.id()).param("consumer", actor.organizationId())
                .param("name", actor.organizationName()).param("quota", quota).param("rate", rate)
                .param("by", actor.username()).param("at", now()).update();
        audit.record(AuditEvent.success("product.subscribe", "subscription", id).with("product", product.id())
                .with("monthlyQuota", quota).with("ratePerSecond", rate));
        return load(id);
    }

    /** Issues an API key for an active subscription; the key is returned this once, only its SM3 hash is kept. */
    @Transactional
    public IssuedSubscriptionKey issueKey(UUID subscriptionId) {
        SubscriptionView subscription = owned(subscriptionId, "product.subscription.key.issue");
        if (subscription.state() != SubscriptionState.ACTIVE || subscription.productState() != ProductState.LISTED) {
            throw refuse(ErrorCode.PRODUCT_NOT_LISTED, "product.subscription.key.issue", subscriptionId,
                    "subscription not active or product not listed");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = ProductCalls.KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into product_subscription_key (id, subscription_id, key_hash, key_hint, issued_by, issued_at)
                values (:id, :subscription, :hash, :hint, :by, :at)""")
                .param("id", id).param("subscription", subscriptionId).param("hash", Sm3.hex(key))
                .param("hint", key.substring(0, 10)).param("by", Actors.current().username()).param("at", now())
                .update();
        audit.record(AuditEvent.success("product.subscription.key.issue", "subscription", subscriptionId)
                .with("key", id));
        return new IssuedSubscriptionKey(id, subscriptionId, subscription.productId(), key);
    }

    /**
     * The platform itself issues a key of a given value to a subscription (the demo's key printed by
     * {@code ./quanyun dev}, settable with {@code QUANYUN_DEMO_API_KEY}); as the system only.
     */
    @Transactional
    public void installKey(UUID subscriptionId, String key) {
        Actor actor = Actors.current();
        if (!actor.isSystem()) {
            throw refuse(ErrorCode.FORBIDDEN, "product.subscription.key.install", subscriptionId, "not the system");
        }
        Violations.create().check(key.startsWith(ProductCalls.KEY_PREFIX) && key.length() >= 20 && key.length() <= 100,
                "key", "须以 " + ProductCalls.KEY_PREFIX + " 开头，20至100个字符").throwIfAny();
        String hash = Sm3.hex(key);
        if (jdbc.sql("select count(*) from product_subscription_key where key_hash = :h").param("h", hash)
                .query(Long.class).single() > 0) {
            return;
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into product_subscription_key (id, subscription_id, key_hash, key_hint, issued_by, issued_at)
                values (:id, :subscription, :hash, :hint, 'system', :at)""")
                .param("id", id).param("subscription", subscriptionId).param("hash", hash)
                .param("hint", key.substring(0, 10)).param("at", now()).update();
        audit.record(AuditEvent.success("product.subscription.key.issue", "subscription", subscriptionId)
                .with("key", id));
    }

    /** Revokes a key: calls with it are refused with 401 from the commit on. */
    @Transactional
    public SubscriptionView revokeKey(UUID subscriptionId, UUID keyId) {
        owned(subscriptionId, "product.subscription.key.revoke");
        int updated = jdbc.sql("""
                update product_subscription_key set revoked_at = :at, revoked_by = :by
                where id = :key and subscription_id = :subscription and revoked_at is null""")
                .param("at", now()).param("by", Actors.current().username()).param("key", keyId)
                .param("subscription", subscriptionId).update();
        if (updated == 0) {
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION, "The key is unknown or already revoked",
                    List.of(), "key", keyId.toString());
        }
        directory.evictSubscription(subscriptionId);
        audit.record(AuditEvent.success("product.subscription.key.revoke", "subscription", subscriptionId)
                .with("key", keyId));
        return load(subscriptionId);
    }

    /** The consumer cancels its subscription; its keys are revoked. */
    @Transactional
    public SubscriptionView cancel(UUID subscriptionId) {
        SubscriptionView subscription = owned(subscriptionId, "product.subscription.cancel");
        if (!subscription.state().canTransitionTo(SubscriptionState.CANCELLED)) {
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION, "The subscription is already cancelled",
                    List.of(), "subscription", subscriptionId.toString());
        }
        jdbc.sql("update product_subscription_key set revoked_at = :at, revoked_by = :by "
                + "where subscription_id = :id and revoked_at is null").param("at", now())
                .param("by", Actors.current().username()).param("id", subscriptionId).update();
        jdbc.sql("update product_subscription set state = 'CANCELLED', cancelled_at = :at where id = :id")
                .param("at", now()).param("id", subscriptionId).update();
        directory.evictSubscription(subscriptionId);
        audit.record(AuditEvent.success("product.subscription.cancel", "subscription", subscriptionId));
        return load(subscriptionId);
    }

    // ------------------------------------------------------------------ reading

    /**
     * Subscriptions the actor may see: a consumer its own, an operator those to its products, the authority and
     * auditors all.
     */
    @Transactional(readOnly = true)
    public List<SubscriptionView> subscriptions() {
        Actor actor = Actors.current();
        String where;
        if (seesAll(actor)) {
            where = "1 = 1";
        } else if (actor.isOf(OrganizationType.CONSUMER)) {
            where = "s.consumer_id = :org";
        } else if (actor.isOf(OrganizationType.OPERATOR)) {
            where = "p.operator_id = :org";
        } else {
            throw refuse(ErrorCode.FORBIDDEN, "product.subscription.list", null, "not a consumer or operator");
        }
        var spec = jdbc.sql(SELECT + " where " + where + " order by s.created_at desc");
        if (!seesAll(actor)) {
            spec = spec.param("org", actor.organizationId());
        }
        return spec.query(this::view).list();
    }

    /** One subscription, for its consumer, the product's operator, the authority and auditors. */
    @Transactional(readOnly = true)
    public SubscriptionView subscription(UUID subscriptionId) {
        SubscriptionView view = load(subscriptionId);
        requireReader(view, "product.subscription.read");
        return view;
    }

    /** Calls per day and outcome of a subscription over the last 31 days. */
    @Transactional(readOnly = true)
    public List<UsageDay> usage(UUID subscriptionId) {
        requireReader(load(subscriptionId), "product.subscription.usage");
        LocalDate since = LocalDate.ofInstant(clock.instant(), Zones.SHANGHAI).minusDays(30);
        return jdbc.sql("""
                select call_day, outcome, count(*) from product_call where subscription_id = :id and call_day >= :since
                group by call_day, outcome order by call_day desc, outcome""")
                .param("id", subscriptionId).param("since", since)
                .query((rs, row) -> new UsageDay(rs.getObject(1, LocalDate.class), CallOutcome.valueOf(rs.getString(2)),
                        rs.getLong(3))).list();
    }

    /** The statement of a subscription for a month: calls by outcome, billable calls and the amount. */
    @Transactional(readOnly = true)
    public SubscriptionStatement statement(UUID subscriptionId, YearMonth month) {
        SubscriptionView subscription = load(subscriptionId);
        requireReader(subscription, "product.subscription.statement");
        return compute(subscription, month);
    }

    /** The statements produced for a subscription's completed months, newest first. */
    @Transactional(readOnly = true)
    public List<ProducedStatement> statements(UUID subscriptionId) {
        SubscriptionView subscription = load(subscriptionId);
        requireReader(subscription, "product.subscription.statements");
        return jdbc.sql("""
                select statement_month, billable_calls, refused_calls, fee_per_call, amount, produced_at
                from product_statement where subscription_id = :id order by statement_month desc""")
                .param("id", subscriptionId)
                .query((rs, n) -> new ProducedStatement(subscriptionId, YearMonth.parse(rs.getString(1)), rs.getLong(2),
                        rs.getLong(3), rs.getBigDecimal(4), rs.getBigDecimal(5),
                        rs.getObject(6, OffsetDateTime.class))).list();
    }

    /**
     * Produces, once, the statement of every subscription for every completed month before {@code current}
     * (Asia/Shanghai) in which it had calls or was active: the month's calls by outcome at that time, billable
     * calls and the amount. Run by the product jobs; idempotent (one statement per subscription and month).
     *
     * @return the number of statements produced
     */
    @Transactional
    int produceStatementsBefore(YearMonth current) {
        YearMonth previous = current.minusMonths(1);
        java.util.Set<java.util.Map.Entry<UUID, YearMonth>> due = new java.util.LinkedHashSet<>();
        jdbc.sql("""
                select distinct c.subscription_id, c.call_month from product_call c
                where c.subscription_id is not null and c.call_month < :current and not exists (select 1 from
                product_statement s where s.subscription_id = c.subscription_id and s.statement_month = c.call_month)""")
                .param("current", current.toString())
                .query((rs, n) -> due.add(java.util.Map.entry(rs.getObject(1, UUID.class), YearMonth.parse(rs.getString(2)))))
                .list();
        jdbc.sql("""
                select s.id from product_subscription s where s.created_at < :end
                and (s.cancelled_at is null or s.cancelled_at >= :start) and not exists (select 1 from product_statement t
                where t.subscription_id = s.id and t.statement_month = :month)""")
                .param("end", previous.plusMonths(1).atDay(1).atStartOfDay(Zones.SHANGHAI).toOffsetDateTime())
                .param("start", previous.atDay(1).atStartOfDay(Zones.SHANGHAI).toOffsetDateTime())
                .param("month", previous.toString())
                .query((rs, n) -> due.add(java.util.Map.entry(rs.getObject(1, UUID.class), previous))).list();
        int produced = 0;
        for (java.util.Map.Entry<UUID, YearMonth> entry : due) {
            SubscriptionView subscription = load(entry.getKey());
            SubscriptionStatement statement = compute(subscription, entry.getValue());
            boolean exists = jdbc.sql("select count(*) from product_statement where subscription_id = :id and statement_month = :month")
                    .param("id", subscription.id()).param("month", entry.getValue().toString()).query(Long.class)
                    .single() > 0;
            // one job at a time per node; the primary key refuses a second statement of the month in any case
            int inserted = exists ? 0 : jdbc.sql("""
                    insert into product_statement (subscription_id, statement_month, product_id, consumer_id,
                        billable_calls, refused_calls, fee_per_call, amount, produced_at)
                    values (:id, :month, :product, :consumer, :billable, :refused, :fee, :amount, :at)""")
                    .param("id", subscription.id()).param("month", entry.getValue().toString())
                    .param("product", subscription.productId()).param("consumer", subscription.consumerId())
                    .param("billable", statement.billableCalls()).param("refused", statement.refusedCalls())
                    .param("fee", statement.feePerCall()).param("amount", statement.amount()).param("at", now()).update();
            if (inserted > 0) {
                produced++;
                audit.record(AuditEvent.success("product.statement.produce", "subscription", subscription.id())
                        .with("month", entry.getValue()).with("billableCalls", statement.billableCalls())
                        .with("amount", statement.amount()));
            }
        }
        return produced;
    }

    private SubscriptionStatement compute(SubscriptionView subscription, YearMonth month) {
        UUID subscriptionId = subscription.id();
        ProductView product = products.findById(subscription.productId()).orElseThrow().view();
        Map<CallOutcome, Long> calls = new EnumMap<>(CallOutcome.class);
        jdbc.sql("""
                select outcome, count(*) from product_call where subscription_id = :id and call_month = :month
                group by outcome""").param("id", subscriptionId).param("month", month.toString())
                .query((rs, row) -> calls.put(CallOutcome.valueOf(rs.getString(1)), rs.getLong(2))).list();
        long billable = calls.getOrDefault(CallOutcome.ANSWERED, 0L);
        long refused = calls.entrySet().stream().filter(e -> e.getKey().refused()).mapToLong(Map.Entry::getValue).sum();
        BigDecimal fee = product.pricingModel() == PricingModel.PER_CALL ? product.fee() : null;
        BigDecimal amount = fee == null ? BigDecimal.ZERO : fee.multiply(BigDecimal.valueOf(billable));
        return new SubscriptionStatement(subscriptionId, product.id(), product.name(), subscription.consumerName(),
                month, calls, billable, refused, product.pricingModel(), fee, amount, subscription.monthlyQuota());
    }

    /**
     * Calls of a product in a month by outcome, refusals included (also those without a valid key), for its
     * operator, the authority and auditors.
     */
    @Transactional(readOnly = true)
    public Map<CallOutcome, Long> callsOf(UUID productId, YearMonth month) {
        Product product = products.findById(productId).orElseThrow(() -> QuanyunException.notFound("product", productId));
        Actor actor = Actors.current();
        if (!seesAll(actor) && !actor.belongsTo(product.operatorId())) {
            throw refuse(ErrorCode.FORBIDDEN, "product.calls.read", productId, "not the owner");
        }
        Map<CallOutcome, Long> calls = new EnumMap<>(CallOutcome.class);
        jdbc.sql("select outcome, count(*) from product_call where product_id = :id and call_month = :month group by outcome")
                .param("id", productId).param("month", month.toString())
                .query((rs, row) -> calls.put(CallOutcome.valueOf(rs.getString(1)), rs.getLong(2))).list();
        return calls;
    }

    // ------------------------------------------------------------------ consent tokens

    /**
     * Issues a consent token on the data subject's instruction: recorded by a provider clerk or the authority (as
     * consents are, after the subject's identity was checked), or by the platform itself. The token carries the
     * subject's keyed hash, the product, the consumer and the expiry, signed with HMAC-SM3.
     */
    @Transactional
    public IssuedConsentToken issueConsentToken(IssueConsentToken command) {
        Actor actor = Actors.current();
        boolean allowed = actor.isSystem() || actor.has(Role.PROVIDER_CLERK) && actor.isOf(OrganizationType.PROVIDER)
                || actor.has(Role.AUTHORITY_ADMIN) && actor.isOf(OrganizationType.AUTHORITY);
        if (!allowed) {
            throw refuse(ErrorCode.FORBIDDEN, "product.consent-token.issue", command.productId(),
                    "not a provider or the authority");
        }
        Instant now = clock.instant();
        Instant expiresAt = command.expiresAt() == null ? now.plus(ConsentTokens.DEFAULT_VALIDITY) : command.expiresAt();
        Violations violations = Violations.create()
                .check(command.productId() != null, "productId", "产品必填 (productId is required)")
                .check(command.consumerId() != null, "consumerId", "使用单位必填 (consumerId is required)")
                .check(command.subject() != null && IdentityNumbers.isValid(command.subject().trim()), "subject",
                        "身份号码校验不通过 (GB 11643 check failed)")
                .check(expiresAt.isAfter(now) && !expiresAt.isAfter(now.plus(ConsentTokens.MAX_VALIDITY)),
                        "expiresAt", "有效期须在未来一年内 (within the next year)");
        if (!violations.isEmpty()) {
            audit.recordIndependently(AuditEvent.refused("product.consent-token.issue", "product",
                    command.productId(), "validation_failed"));
            throw QuanyunException.invalid(violations.list()).markAudited();
        }
        Product product = products.findById(command.productId())
                .orElseThrow(() -> QuanyunException.notFound("product", command.productId()));
        OrganizationView consumer = identity.describe(command.consumerId())
                .filter(o -> o.type() == OrganizationType.CONSUMER)
                .orElseThrow(() -> QuanyunException.notFound("consumer", command.consumerId()));
        String hash = subjectHash.of(command.subject());
        IssuedConsentToken issued = tokenRecords.issue(product.id(), consumer.id(), consumer.name(), hash, expiresAt,
                ConsentTokenRecords.Channel.COUNTER, actor.username() + "@" + actor.organizationName());
        audit.record(AuditEvent.success("product.consent-token.issue", "product", product.id())
                .with("token", issued.id()).with("channel", ConsentTokenRecords.Channel.COUNTER)
                .with("consumer", consumer.id()).with("subjectHash", hash).with("expiresAt", expiresAt));
        return issued;
    }

    // ------------------------------------------------------------------ helpers

    private static final String SELECT = """
            select s.id, s.product_id, p.name as product_name, p.state as product_state, s.consumer_id,
                s.consumer_name, s.monthly_quota, s.rate_per_second, s.state, s.created_at, s.cancelled_at
            from product_subscription s join product p on p.id = s.product_id""";

    private SubscriptionView view(ResultSet rs, int row) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        List<SubscriptionKeyView> keys = jdbc.sql("""
                select id, key_hint, issued_by, issued_at, revoked_at from product_subscription_key
                where subscription_id = :id order by issued_at desc""").param("id", id)
                .query((k, n) -> new SubscriptionKeyView(k.getObject(1, UUID.class), k.getString(2), k.getString(3),
                        k.getObject(4, OffsetDateTime.class), k.getObject(5, OffsetDateTime.class))).list();
        return new SubscriptionView(id, rs.getObject("product_id", UUID.class), rs.getString("product_name"),
                ProductState.valueOf(rs.getString("product_state")), rs.getObject("consumer_id", UUID.class),
                rs.getString("consumer_name"), rs.getLong("monthly_quota"), rs.getInt("rate_per_second"),
                SubscriptionState.valueOf(rs.getString("state")), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("cancelled_at", OffsetDateTime.class), keys);
    }

    private SubscriptionView load(UUID id) {
        return jdbc.sql(SELECT + " where s.id = :id").param("id", id).query(this::view).optional()
                .orElseThrow(() -> QuanyunException.notFound("subscription", id));
    }

    private @Nullable UUID activeSubscription(UUID productId, @Nullable UUID consumerId) {
        if (consumerId == null) {
            return null;
        }
        return jdbc.sql("select id from product_subscription where product_id = :p and consumer_id = :c and state = 'ACTIVE'")
                .param("p", productId).param("c", consumerId).query(UUID.class).optional().orElse(null);
    }

    private SubscriptionView owned(UUID subscriptionId, String action) {
        SubscriptionView subscription = load(subscriptionId);
        requireConsumer(action, subscription.consumerId());
        return subscription;
    }

    private void requireReader(SubscriptionView subscription, String action) {
        Actor actor = Actors.current();
        if (seesAll(actor) || actor.belongsTo(subscription.consumerId())) {
            return;
        }
        UUID operator = products.findById(subscription.productId()).map(Product::operatorId).orElse(null);
        if (!actor.belongsTo(operator)) {
            throw refuse(ErrorCode.FORBIDDEN, action, subscription.id(), "not the consumer or the operator");
        }
    }

    private Actor requireConsumer(String action, @Nullable UUID consumerId) {
        Actor actor = Actors.current();
        if (!(actor.has(Role.CONSUMER_ADMIN) && actor.isOf(OrganizationType.CONSUMER))) {
            throw refuse(ErrorCode.CONSUMER_REQUIRED, action, consumerId, "not a consumer administrator");
        }
        if (consumerId != null && !actor.belongsTo(consumerId)) {
            throw refuse(ErrorCode.FORBIDDEN, action, consumerId, "not the subscriber");
        }
        return actor;
    }

    private static boolean seesAll(Actor actor) {
        return actor.isSystem() || actor.has(Role.AUTHORITY_ADMIN) || actor.has(Role.AUDITOR);
    }

    private QuanyunException refuse(ErrorCode code, String action, @Nullable Object objectId, String reason) {
        audit.recordIndependently(AuditEvent.refused(action, "subscription", objectId, code.code() + ": " + reason));
        return new QuanyunException(code, code.titleEn(), List.of(), "subscription",
                objectId == null ? null : objectId.toString()).markAudited();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), Zones.SHANGHAI);
    }
}
