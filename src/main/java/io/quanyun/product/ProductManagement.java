package io.quanyun.product;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.quanyun.access.GrantDescriptor;
import io.quanyun.access.GrantDirectory;
import io.quanyun.access.GrantedDataset;
import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.audit.Sm3;
import io.quanyun.catalog.ConsentRegistry;
import io.quanyun.catalog.DatasetDescriptor;
import io.quanyun.catalog.DatasetDirectory;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Role;
import io.quanyun.shared.Violations;
import io.quanyun.shared.Zones;
import io.quanyun.supervision.SupervisionManagement;

/**
 * The product module's facade: registration under a grant, compliance review, listing, suspension, API keys and
 * verification calls. Every method checks the current actor's permission here and writes the audit log;
 * refusals are audited in a transaction of their own.
 */
@Service
public class ProductManagement {

    private static final String KEY_PREFIX = "qy_";

    private final Products products;
    private final GrantDirectory grants;
    private final DatasetDirectory datasets;
    private final ConsentRegistry consents;
    private final VerificationIndex index;
    private final AuditTrail audit;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final SupervisionManagement supervision;
    private final ProductRevisions revisions;
    private final SecureRandom random = new SecureRandom();

    ProductManagement(Products products, GrantDirectory grants, DatasetDirectory datasets, ConsentRegistry consents,
            VerificationIndex index, AuditTrail audit, JdbcClient jdbc, Clock clock,
            PlatformTransactionManager transactionManager, SupervisionManagement supervision,
            ProductRevisions revisions) {
        this.supervision = supervision;
        this.revisions = revisions;
        this.products = products;
        this.grants = grants;
        this.datasets = datasets;
        this.consents = consents;
        this.index = index;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    // ------------------------------------------------------------------ registry

    /** An operator administrator registers a draft product under one of the operator's active grants. */
    @Transactional
    public ProductView register(RegisterProduct command) {
        Actor actor = requireOperatorAdmin("product.register", null);
        Violations violations = Violations.create()
                .check(command.grantId() != null, "grantId", "授权必填 (grantId is required)")
                .check(command.form() != null, "form", "产品形态必填 (form is required)")
                .check(command.name() != null && !command.name().isBlank() && command.name().length() <= 200, "name",
                        "名称必填，最多200字 (name is required, at most 200 characters)")
                .check(command.description() != null && !command.description().isBlank()
                        && command.description().length() <= 4000, "description",
                        "说明必填，最多4000字 (description is required, at most 4000 characters)")
                .check(command.pricingModel() != null, "pricingModel", "计价方式必填 (pricingModel is required)");
        if (command.pricingModel() != null && command.pricingModel().charges()) {
            violations.check(command.fee() != null && command.fee().signum() > 0, "fee",
                    "收费产品须注明服务费 (a charged product needs a positive fee)");
        }
        if (command.pricingModel() == PricingModel.FREE) {
            violations.check(command.fee() == null || command.fee().signum() == 0, "fee",
                    "公益产品不收费 (a free product has no fee)");
        }
        if (command.form() == ProductForm.DATA_VERIFICATION) {
            violations.check(command.verification() != null, "verification",
                    "核验产品须定义核验问题 (a verification product needs its question)")
                    .check(command.consentPurpose() != null
                            && command.consentPurpose().trim().matches("[\\p{L}\\p{N}_.-]{1,100}"), "consentPurpose",
                            "核验产品须注明数据主体同意的用途 (a verification product needs its consent purpose)");
        } else {
            violations.check(command.verification() == null, "verification",
                    "仅核验产品有核验问题 (only verification products have a question)");
        }
        if (!violations.isEmpty()) {
            audit.recordIndependently(AuditEvent.refused("product.register", "product", null,
                    "validation_failed: " + violations.list().size() + " problem(s)"));
            throw QuanyunException.invalid(violations.list()).markAudited();
        }
        GrantDescriptor grant = grants.find(command.grantId())
                .filter(g -> g.operatorId().equals(actor.organizationId()) && g.isActive())
                .orElseThrow(() -> refuse(ErrorCode.PRODUCT_GRANT_NOT_ACTIVE, "product.register", "grant",
                        command.grantId(), "not an active grant of the operator"));
        if (command.verification() != null) {
            checkWithinGrant(grant, command.verification());
        }
        Product product = Product.register(grant.operatorId(), grant.id(), command.form(), command.name().trim(),
                command.description().trim(), command.pricingModel(), command.fee(),
                command.consentPurpose() == null ? null : command.consentPurpose().trim(), command.verification(),
                actor.username(), clock.instant());
        products.save(product);
        audit.record(AuditEvent.success("product.register", "product", product.id()).with("form", command.form())
                .with("grant", grant.id()).with("pricingModel", command.pricingModel()));
        return product.view();
    }

    /** The operator submits a draft for compliance review; its grant must still be active. */
    @Transactional
    public ProductView submit(UUID productId) {
        Product product = load(productId);
        requireOperatorAdmin("product.submit", product);
        requireGrantActive(product, "product.submit");
        requireContent(product, "product.submit");
        product.submit(clock.instant());
        products.save(product);
        audit.record(AuditEvent.success("product.submit", "product", productId));
        return product.view();
    }

    /**
     * The authority reviews a product under review. Approval of a low or medium risk product lists it; a high
     * risk product is listed at the second approval by another reviewer. Listing a verification product builds
     * its index from the dataset's current version.
     */
    @Transactional
    public ProductView review(UUID productId, ReviewProduct review) {
        Actor actor = requireAuthority("product.review", productId);
        Product product = load(productId);
        Violations.create()
                .check(review.approved() || review.findings() != null && !review.findings().isBlank(), "findings",
                        "未通过时须写明审查意见 (findings are required when the review does not pass)")
                .check(!review.approved() || review.riskLevel() != null || product.view().firstReviewer() != null,
                        "riskLevel", "须评定风险等级 (the risk level is required)")
                .check(review.findings() == null || review.findings().length() <= 4000, "findings",
                        "最多4000字 (at most 4000 characters)")
                .throwIfAny();
        if (review.approved()) {
            requireGrantActive(product, "product.review");
            requireContent(product, "product.review");
        }
        try {
            product.review(actor.username(), review, clock.instant());
        } catch (QuanyunException e) {
            audit.recordIndependently(AuditEvent.refused("product.review", "product", productId,
                    e.code().code() + ": " + e.getMessage()));
            throw e.markAudited();
        }
        if (product.state() == ProductState.LISTED) {
            buildIndex(product);
        }
        products.save(product);
        audit.record(AuditEvent.success("product.review", "product", productId).with("approved", review.approved())
                .with("riskLevel", review.riskLevel()).with("state", product.state()));
        return product.view();
    }

    /** The authority suspends a listed product; calls are refused at once. */
    @Transactional
    public ProductView suspend(UUID productId, String reason) {
        requireAuthority("product.suspend", productId);
        Product product = load(productId);
        product.suspend(clock.instant());
        products.save(product);
        audit.record(AuditEvent.success("product.suspend", "product", productId).with("reason", reason));
        return product.view();
    }

    /** The authority lists a suspended product again; its grant must be active. */
    @Transactional
    public ProductView restore(UUID productId) {
        requireAuthority("product.restore", productId);
        Product product = load(productId);
        requireGrantActive(product, "product.restore");
        product.restore(clock.instant());
        products.save(product);
        audit.record(AuditEvent.success("product.restore", "product", productId));
        return product.view();
    }

    /** The authority or the operator delists a product for good. */
    @Transactional
    public ProductView delist(UUID productId) {
        Product product = load(productId);
        Actor actor = Actors.current();
        boolean allowed = actor.has(Role.AUTHORITY_ADMIN) && actor.isOf(OrganizationType.AUTHORITY)
                || actor.has(Role.OPERATOR_ADMIN) && actor.belongsTo(product.operatorId());
        if (!allowed) {
            throw refuse(ErrorCode.FORBIDDEN, "product.delist", "product", productId, "not the authority or owner");
        }
        product.delist(clock.instant());
        products.save(product);
        jdbc.sql("update product_api_key set revoked_at = :at where product_id = :id and revoked_at is null")
                .param("at", now()).param("id", productId).update();
        audit.record(AuditEvent.success("product.delist", "product", productId));
        return product.view();
    }

    /** One product: the authority, auditors and the owning operator see it. */
    @Transactional(readOnly = true)
    public ProductView product(UUID productId) {
        Product product = load(productId);
        Actor actor = Actors.current();
        if (!seesAll(actor) && !actor.belongsTo(product.operatorId())) {
            throw refuse(ErrorCode.FORBIDDEN, "product.read", "product", productId, "not the owner");
        }
        return product.view();
    }

    /** The products the current actor may see: all for the authority and auditors, its own for an operator. */
    @Transactional(readOnly = true)
    public List<ProductView> products() {
        Actor actor = Actors.current();
        if (seesAll(actor)) {
            return products.findAllByOrderByCreatedAtDesc().stream().map(Product::view).toList();
        }
        if (actor.organizationId() == null) {
            throw refuse(ErrorCode.FORBIDDEN, "product.list", "product", null, "not signed in");
        }
        return products.findByOperatorIdOrderByCreatedAtDesc(actor.organizationId()).stream().map(Product::view)
                .toList();
    }

    // ------------------------------------------------------------------ API keys and calls

    /**
     * The operator issues an API key for a listed product; the key is shown once, only its SM3 hash is kept. The
     * person issuing (who holds the credential for the operator) must have valid pre-job security training (Art. 16).
     */
    @Transactional
    public IssuedApiKey issueApiKey(UUID productId, IssueApiKey command) {
        Product product = load(productId);
        Actor actor = requireOperatorAdmin("product.key.issue", product);
        if (actor.userId() == null || !supervision.hasValidTraining(actor.userId())) {
            throw refuse(ErrorCode.SANDBOX_TRAINING_REQUIRED, "product.key.issue", "product", productId,
                    "no valid pre-job security training");
        }
        Violations.create().check(command.consumerName() != null && !command.consumerName().isBlank()
                && command.consumerName().length() <= 200, "consumerName",
                "使用单位名称必填 (consumerName is required)").throwIfAny();
        if (product.state() != ProductState.LISTED) {
            throw refuse(ErrorCode.PRODUCT_NOT_LISTED, "product.key.issue", "product", productId, "not listed");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into product_api_key (id, product_id, consumer_name, key_hash, issued_by, issued_at)
                values (:id, :product, :consumer, :hash, :by, :at)
                """).param("id", id).param("product", productId).param("consumer", command.consumerName().trim())
                .param("hash", Sm3.hex(key)).param("by", actor.username()).param("at", now()).update();
        audit.record(AuditEvent.success("product.key.issue", "product", productId).with("key", id)
                .with("consumer", command.consumerName().trim()));
        return new IssuedApiKey(id, productId, command.consumerName().trim(), key);
    }

    /**
     * Answers a verification call made with an API key. The key must be valid for this product, the product
     * listed, its grant active, the input well-formed and the subject's consent to the product's purpose for
     * its operator recorded; otherwise the call is refused with a precise code. Every call with a valid key is
     * metered; every call is audited with the subject's keyed hash, never the identifier.
     *
     * @param apiKey the key as sent, may be null when missing
     */
    public VerificationResult verify(UUID productId, @Nullable String apiKey, VerificationCall call) {
        ApiKeyRecord key = apiKey == null ? null : findKey(productId, apiKey);
        if (key == null) {
            throw refuse(ErrorCode.API_KEY_INVALID, "product.verify", "product", productId, "unknown or revoked key");
        }
        Actor caller = new Actor(null, "api-key:" + key.id(), null, key.consumerName(), null, Set.of(), null);
        transactions.executeWithoutResult(status -> meter(key.id()));
        Product product = products.findById(productId).orElseThrow(() -> QuanyunException.notFound("product", productId));
        ProductView view = product.view();
        VerificationDefinition definition = view.verification();
        if (product.state() != ProductState.LISTED || definition == null || view.consentPurpose() == null
                || grants.find(product.grantId()).filter(GrantDescriptor::isActive).isEmpty()) {
            throw refuseCall(caller, ErrorCode.PRODUCT_NOT_LISTED, productId, null, "product not listed");
        }
        String subject = call.subject() == null ? "" : call.subject().trim();
        String value = call.value() == null ? "" : call.value();
        Violations violations = Violations.create()
                .check(!subject.isEmpty() && subject.length() <= 64, "subject",
                        "数据主体标识必填 (subject is required)")
                .check(VerificationIndex.validInput(definition.comparison(), value), "value",
                        definition.comparison() == VerificationComparison.ON_OR_AFTER
                                ? "须为yyyy-MM-dd格式的日期 (an ISO date)" : "必填 (required)");
        if (!violations.isEmpty()) {
            audit.recordIndependently(AuditEvent.refused("product.verify", "product", productId,
                    "validation_failed").by(caller).with("key", key.id()));
            throw QuanyunException.invalid(violations.list()).markAudited();
        }
        String subjectHash = index.hashOf(subject);
        boolean consented = Actors.runAs(Actor.system(),
                () -> consents.hasConsented(subject, view.consentPurpose(), product.operatorId()));
        if (!consented) {
            throw refuseCall(caller, ErrorCode.SUBJECT_CONSENT_MISSING, productId, subjectHash, "no consent");
        }
        VerificationAnswer answer = index.answer(productId, definition, subjectHash, value);
        if (answer == null) {
            throw refuseCall(caller, ErrorCode.VERIFICATION_INDEX_NOT_READY, productId, subjectHash, "no index");
        }
        transactions.executeWithoutResult(status -> audit.record(AuditEvent.success("product.verify", "product",
                productId).by(caller).with("key", key.id()).with("subjectHash", subjectHash).with("answer", answer)));
        return new VerificationResult(answer);
    }

    /** Calls per key and day of a product, for its operator, the authority and auditors. */
    @Transactional(readOnly = true)
    public List<CallUsage> usage(UUID productId) {
        Product product = load(productId);
        Actor actor = Actors.current();
        if (!seesAll(actor) && !actor.belongsTo(product.operatorId())) {
            throw refuse(ErrorCode.FORBIDDEN, "product.usage", "product", productId, "not the owner");
        }
        return jdbc.sql("""
                select k.id, k.consumer_name, m.call_day, m.calls from product_call_meter m
                join product_api_key k on k.id = m.api_key_id where k.product_id = :id order by m.call_day, k.consumer_name
                """).param("id", productId).query((rs, row) -> new CallUsage(rs.getObject(1, UUID.class),
                        rs.getString(2), rs.getObject(3, LocalDate.class), rs.getLong(4))).list();
    }

    // ------------------------------------------------------------------ reactions (package-private)

    /** The grant was suspended or ended: its listed products are suspended at once. */
    @Transactional
    void suspendForGrant(UUID grantId, String reason) {
        for (Product product : products.findByGrantId(grantId)) {
            if (product.suspendForGrant(clock.instant())) {
                products.save(product);
                audit.record(AuditEvent.success("product.suspend", "product", product.id()).by(Actor.system())
                        .with("grant", grantId).with("reason", reason));
            }
        }
    }

    /**
     * The grant ended (it expired, or its agreement was terminated, e.g. after a failed rectification, Art. 18):
     * its products that are not delisted yet are delisted, and their keys revoked; the records stay.
     */
    @Transactional
    void delistForGrant(UUID grantId, String reason) {
        for (Product product : products.findByGrantId(grantId)) {
            if (product.state() != ProductState.DELISTED) {
                product.delist(clock.instant());
                products.save(product);
                jdbc.sql("update product_api_key set revoked_at = :at where product_id = :id and revoked_at is null")
                        .param("at", now()).param("id", product.id()).update();
                audit.record(AuditEvent.success("product.delist", "product", product.id()).by(Actor.system())
                        .with("grant", grantId).with("reason", reason));
            }
        }
    }

    /** The grant was restored: products it suspended are listed again. */
    @Transactional
    void restoreForGrant(UUID grantId) {
        for (Product product : products.findByGrantId(grantId)) {
            if (product.restoreForGrant(clock.instant())) {
                products.save(product);
                audit.record(AuditEvent.success("product.restore", "product", product.id()).by(Actor.system())
                        .with("grant", grantId));
            }
        }
    }

    /** A new dataset version serves: the listed verification products over it rebuild their index. */
    @Transactional
    void rebuildIndexes(String datasetCode) {
        for (Product product : products.findByDatasetCodeAndState(datasetCode, ProductState.LISTED)) {
            buildIndex(product);
            audit.record(AuditEvent.success("product.index.rebuild", "product", product.id()).by(Actor.system()));
        }
    }

    // ------------------------------------------------------------------ helpers

    private void buildIndex(Product product) {
        VerificationDefinition definition = product.view().verification();
        if (product.form() != ProductForm.DATA_VERIFICATION || definition == null) {
            return;
        }
        DatasetDescriptor dataset = datasets.findByCode(definition.datasetCode())
                .orElseThrow(() -> QuanyunException.notFound("dataset", definition.datasetCode()));
        index.rebuild(product.id(), dataset, definition);
    }

    private void checkWithinGrant(GrantDescriptor grant, VerificationDefinition definition) {
        Optional<GrantedDataset> granted = grant.datasets().stream()
                .filter(d -> d.code().equals(definition.datasetCode())).findFirst();
        Violations violations = Violations.create().check(granted.isPresent(), "verification.datasetCode",
                "数据集不在授权范围内 (the dataset is not granted)");
        granted.ifPresent(d -> violations
                .check(d.fields().contains(definition.subjectField()), "verification.subjectField",
                        "字段未授权 (the field is not granted)")
                .check(d.fields().contains(definition.attributeField()), "verification.attributeField",
                        "字段未授权 (the field is not granted)"));
        if (!violations.isEmpty()) {
            audit.recordIndependently(AuditEvent.refused("product.register", "grant", grant.id(),
                    "unknown_field: outside the grant"));
            throw new QuanyunException(ErrorCode.UNKNOWN_FIELD, "The question uses data outside the grant",
                    violations.list(), "grant", grant.id().toString()).markAudited();
        }
    }

    private void meter(UUID keyId) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), Zones.SHANGHAI);
        int updated = jdbc.sql("update product_call_meter set calls = calls + 1 where api_key_id = :key and call_day = :day")
                .param("key", keyId).param("day", today).update();
        if (updated == 0) {
            jdbc.sql("insert into product_call_meter (api_key_id, call_day, calls) values (:key, :day, 1)")
                    .param("key", keyId).param("day", today).update();
        }
    }

    private @Nullable ApiKeyRecord findKey(UUID productId, String apiKey) {
        if (!apiKey.startsWith(KEY_PREFIX) || apiKey.length() > 100) {
            return null;
        }
        return jdbc.sql("""
                select id, consumer_name from product_api_key
                where key_hash = :hash and product_id = :product and revoked_at is null
                """).param("hash", Sm3.hex(apiKey)).param("product", productId)
                .query(ProductManagement::keyRecord).optional().orElse(null);
    }

    private static ApiKeyRecord keyRecord(ResultSet rs, int row) throws SQLException {
        return new ApiKeyRecord(rs.getObject("id", UUID.class), rs.getString("consumer_name"));
    }

    private record ApiKeyRecord(UUID id, String consumerName) {
    }

    private Product load(UUID productId) {
        return products.findById(productId).orElseThrow(() -> QuanyunException.notFound("product", productId));
    }

    private void requireGrantActive(Product product, String action) {
        if (grants.find(product.grantId()).filter(GrantDescriptor::isActive).isEmpty()) {
            throw refuse(ErrorCode.PRODUCT_GRANT_NOT_ACTIVE, action, "product", product.id(), "grant not active");
        }
    }

    private Actor requireOperatorAdmin(String action, @Nullable Product product) {
        Actor actor = Actors.current();
        boolean allowed = actor.has(Role.OPERATOR_ADMIN) && actor.isOf(OrganizationType.OPERATOR)
                && (product == null || actor.belongsTo(product.operatorId()));
        if (!allowed) {
            throw refuse(ErrorCode.FORBIDDEN, action, "product", product == null ? null : product.id(),
                    "not an administrator of the operator");
        }
        return actor;
    }

    private Actor requireAuthority(String action, UUID productId) {
        Actor actor = Actors.current();
        if (!(actor.has(Role.AUTHORITY_ADMIN) && actor.isOf(OrganizationType.AUTHORITY))) {
            throw refuse(ErrorCode.FORBIDDEN, action, "product", productId, "not the authority");
        }
        return actor;
    }

    private static boolean seesAll(Actor actor) {
        return actor.isSystem() || actor.has(Role.AUTHORITY_ADMIN) || actor.has(Role.AUDITOR);
    }

    private QuanyunException refuseCall(Actor caller, ErrorCode code, UUID productId, @Nullable String subjectHash,
            String reason) {
        audit.recordIndependently(AuditEvent.refused("product.verify", "product", productId, code.code() + ": " + reason)
                .by(caller).with("subjectHash", subjectHash));
        return new QuanyunException(code, code.titleEn(), List.of(), "product", productId.toString()).markAudited();
    }

    /**
     * A statistics or report product is its content: it is submitted and listed only once its first revision
     * (an approved export's table, or a report) is published, so a listed one never has nothing to serve.
     */
    private void requireContent(Product product, String action) {
        ProductForm form = product.view().form();
        if ((form == ProductForm.DATA_SERVICE || form == ProductForm.DATA_REPORT)
                && revisions.latest(product.id()).isEmpty()) {
            throw refuse(ErrorCode.PRODUCT_CONTENT_REQUIRED, action, "product", product.id(),
                    form + " without a published revision");
        }
    }

    private QuanyunException refuse(ErrorCode code, String action, String objectType, @Nullable Object objectId,
            String reason) {
        audit.recordIndependently(AuditEvent.refused(action, objectType, objectId, code.code() + ": " + reason));
        return new QuanyunException(code, code.titleEn(), List.of(),
                objectType, objectId == null ? null : objectId.toString()).markAudited();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), Zones.SHANGHAI);
    }

}
