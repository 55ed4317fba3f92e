package io.quanyun.product;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.sandbox.ApprovedExport;
import io.quanyun.sandbox.ApprovedExports;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Statistics products (数据服务, issue 6 part 3): an approved sandbox export published as a table, served as an API
 * and a page. Only an export that passed the two-reviewer gate and was made under the product's own grant can
 * back it; publishing another approved export (the operator re-ran and re-exported) makes a new revision, which
 * the product serves from then on.
 */
@Service
public class StatisticsProducts {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final ProductGuards guards;
    private final ProductRevisions revisions;
    private final ApprovedExports exports;
    private final AuditTrail audit;
    private final Clock clock;
    private final ProductKeys keys;
    private final RevenueRecorder revenue;

    StatisticsProducts(ProductGuards guards, ProductRevisions revisions, ApprovedExports exports, AuditTrail audit,
            Clock clock, ProductKeys keys, RevenueRecorder revenue) {
        this.keys = keys;
        this.revenue = revenue;
        this.guards = guards;
        this.revisions = revisions;
        this.exports = exports;
        this.audit = audit;
        this.clock = clock;
    }

    /** The operator's administrator publishes an approved export as the product's next revision. */
    @Transactional
    public StatisticsTable publish(UUID productId, UUID exportId) {
        Product product = guards.load(productId);
        Actor actor = guards.requireOwnerAdmin("product.statistics.publish", product);
        guards.requireForm("product.statistics.publish", product, ProductForm.DATA_SERVICE);
        guards.requireNotDelisted("product.statistics.publish", product);
        ApprovedExport export = exports.approved(exportId).filter(e -> e.grantId().equals(product.grantId()))
                .orElseThrow(() -> guards.refuse(ErrorCode.PRODUCT_EXPORT_NOT_USABLE, "product.statistics.publish",
                        "product", productId, "export " + exportId + " not approved under the product's grant"));
        Content content = new Content(export.exportId(),
                export.columns().stream().map(c -> new StatisticsTable.Column(c.name(), c.type())).toList(),
                export.rows(), export.privacyMode().name(), export.purpose(), export.csvSm3(), export.reviewers(),
                export.approvedAt());
        RevisionView revision = revisions.add(productId, ProductRevisions.STATISTICS, List.of(exportId),
                product.view().name(), JSON.writeValueAsString(content), null, actor.username(), clock.instant());
        audit.record(AuditEvent.success("product.statistics.publish", "product", productId)
                .with("revision", revision.revision()).with("export", exportId).with("csvSm3", export.csvSm3()));
        return table(product, revision);
    }

    /**
     * The latest table of a listed statistics product, for anyone when the product is free (public welfare);
     * a charged product's table is served through {@link #tableForKey}. Its owner, the authority and auditors
     * see it in any state.
     */
    @Transactional(readOnly = true)
    public StatisticsTable table(UUID productId) {
        Product product = guards.load(productId);
        guards.requireForm("product.statistics.read", product, ProductForm.DATA_SERVICE);
        Actor actor = Actors.current();
        boolean insider = ProductGuards.seesAll(actor) || actor.belongsTo(product.operatorId());
        if (!insider) {
            guards.requireServing("product.statistics.read", product);
            if (product.view().pricingModel().charges()) {
                throw guards.refuse(ErrorCode.API_KEY_INVALID, "product.statistics.read", "product", productId,
                        "a charged product needs an API key");
            }
        }
        return latest(product);
    }

    /**
     * The latest table of a listed statistics product for a holder of one of its API keys. The use is charged
     * through {@link RevenueRecorder}: one unit per call (per call), one per row (per item) or per kilobyte of
     * the table (per volume); a per-period product is charged by its statements, not here.
     */
    @Transactional
    public StatisticsTable tableForKey(UUID productId, @Nullable String apiKey) {
        Product product = guards.load(productId);
        UUID key = keys.valid(productId, apiKey).orElseThrow(() -> guards.refuse(ErrorCode.API_KEY_INVALID,
                "product.statistics.read", "product", productId, "unknown or revoked key"));
        guards.requireForm("product.statistics.read", product, ProductForm.DATA_SERVICE);
        guards.requireServing("product.statistics.read", product);
        StatisticsTable table = latest(product);
        long units = switch (product.view().pricingModel()) {
            case FREE, PER_PERIOD -> 0;
            case PER_CALL -> 1;
            case PER_ITEM -> Math.max(1, table.rows().size());
            case PER_VOLUME -> Math.max(1, JSON.writeValueAsString(table.rows()).length() / 1024);
        };
        UUID call = UUID.randomUUID();
        if (units > 0) {
            revenue.record(productId, units, "data:" + call);
        }
        audit.record(AuditEvent.success("product.statistics.read", "product", productId).by(keyHolder(key))
                .with("revision", table.revision()).with("units", units));
        return table;
    }

    private static io.quanyun.shared.Actor keyHolder(UUID key) {
        return new io.quanyun.shared.Actor(null, "api-key:" + key, null, "api-key", null, java.util.Set.of(), null);
    }

    /** The latest table, if any, without permission checks: for the public catalog's own use. */
    Optional<StatisticsTable> latestIfAny(UUID productId) {
        Product product = guards.load(productId);
        return revisions.latest(productId).map(r -> table(product, r));
    }

    /** The revisions of a product, newest first. */
    @Transactional(readOnly = true)
    public List<RevisionView> revisions(UUID productId) {
        guards.load(productId);
        return revisions.all(productId);
    }

    private StatisticsTable latest(Product product) {
        RevisionView revision = revisions.latest(product.id()).orElseThrow(() -> new QuanyunException(
                ErrorCode.PRODUCT_NO_REVISION, ErrorCode.PRODUCT_NO_REVISION.titleEn(), List.of(), "product",
                product.id().toString()));
        return table(product, revision);
    }

    private StatisticsTable table(Product product, RevisionView revision) {
        Content content = JSON.readValue(revisions.content(product.id(), revision.revision()), Content.class);
        return new StatisticsTable(product.id(), product.view().name(), revision.revision(), content.exportId(),
                content.columns(), content.rows(), content.privacyMode(), content.purpose(), content.csvSm3(),
                content.reviewers(), content.approvedAt(), revision.publishedAt());
    }

    record Content(UUID exportId, List<StatisticsTable.Column> columns, List<List<Object>> rows, String privacyMode,
            String purpose, String csvSm3, List<String> reviewers, java.time.Instant approvedAt) {
    }
}
