package io.quanyun.product;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.quanyun.access.GrantDescriptor;
import io.quanyun.access.GrantDirectory;
import io.quanyun.access.GrantedDataset;
import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.audit.Sm3;
import io.quanyun.catalog.DatasetDescriptor;
import io.quanyun.catalog.DatasetDirectory;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.shared.ErrorCode;

/**
 * The public product catalog and the exchange listing package (Art. 13): the portal lists listed (and
 * suspended) products without sign-in; a listed product exports a listing package, JSON plus a PDF summary with
 * Chinese text, that a lawful data exchange can list. Both carry metadata only, never a value of public data.
 */
@Service
public class ProductListing {

    /** The format name of the listing package. */
    public static final String FORMAT = "quanyun-product-listing/1";

    private final Products products;
    private final ProductGuards guards;
    private final ProductRevisions revisions;
    private final GrantDirectory grants;
    private final DatasetDirectory datasets;
    private final IdentityManagement identity;
    private final ProductPdf pdf;
    private final AuditTrail audit;
    private final Clock clock;

    ProductListing(Products products, ProductGuards guards, ProductRevisions revisions, GrantDirectory grants,
            DatasetDirectory datasets, IdentityManagement identity, ProductPdf pdf, AuditTrail audit, Clock clock) {
        this.products = products;
        this.guards = guards;
        this.revisions = revisions;
        this.grants = grants;
        this.datasets = datasets;
        this.identity = identity;
        this.pdf = pdf;
        this.audit = audit;
        this.clock = clock;
    }

    /** Listed and suspended products, newest first; public. */
    @Transactional(readOnly = true)
    public List<CatalogEntry> catalog() {
        return products.findAllByOrderByCreatedAtDesc().stream()
                .filter(p -> p.state() == ProductState.LISTED || p.state() == ProductState.SUSPENDED)
                .map(this::entry).toList();
    }

    /** One public catalog entry: listed or suspended products only. */
    @Transactional(readOnly = true)
    public Optional<CatalogEntry> entry(UUID productId) {
        return products.findById(productId)
                .filter(p -> p.state() == ProductState.LISTED || p.state() == ProductState.SUSPENDED)
                .map(this::entry);
    }

    /** The listing package of a listed product as JSON-ready data; public, audited. */
    @Transactional
    public ListingPackage listingPackage(UUID productId) {
        Product product = guards.load(productId);
        if (product.state() != ProductState.LISTED) {
            throw guards.refuse(ErrorCode.PRODUCT_NOT_LISTED, "product.listing.export", "product", productId,
                    "not listed");
        }
        CatalogEntry entry = entry(product);
        GrantDescriptor grant = grants.find(product.grantId()).orElse(null);
        OrganizationView operator = identity.describe(product.operatorId()).orElse(null);
        OrganizationView authorizer = grant == null ? null : identity.describe(grant.authorizerId()).orElse(null);
        Optional<RevisionView> revision = revisions.latest(productId);
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("format", FORMAT);
        content.put("platform", "泉运 · 济南市公共数据授权运营平台 (Quanyun, Jinan public data authorized operation platform)");
        content.put("generatedAt", clock.instant().toString());
        content.put("product", Map.of("id", entry.id().toString(), "name", entry.name(), "description",
                entry.description(), "form", entry.form().name(), "state", entry.state().name()));
        content.put("operator", operator == null ? Map.of()
                : Map.of("name", operator.name(), "creditCode", operator.creditCode()));
        content.put("authorizer", authorizer == null ? Map.of() : Map.of("name", authorizer.name()));
        content.put("scenario", entry.scenario());
        content.put("datasets", entry.datasets());
        Map<String, Object> pricing = new LinkedHashMap<>();
        pricing.put("model", entry.pricingModel().name());
        pricing.put("currency", "CNY");
        pricing.put("fee", entry.fee() == null ? null : entry.fee().stripTrailingZeros().toPlainString());
        pricing.put("capPrice", entry.capPrice() == null ? null : entry.capPrice().stripTrailingZeros().toPlainString());
        pricing.put("rule", entry.pricingModel().charges()
                ? "服务费不高于授权方核定的最高限价 (fee at or below the authorizer's cap price)"
                : "公共治理、公益事业无偿使用 (free for public governance and public welfare)");
        content.put("pricing", pricing);
        Map<String, Object> review = new LinkedHashMap<>();
        review.put("complianceReview", "PASSED");
        review.put("riskLevel", entry.riskLevel() == null ? null : entry.riskLevel().name());
        review.put("secondReview", entry.secondReview());
        content.put("review", review);
        revision.ifPresent(r -> {
            Map<String, Object> published = new LinkedHashMap<>();
            published.put("revision", r.revision());
            published.put("kind", r.kind());
            published.put("publishedAt", r.publishedAt().toString());
            published.put("contentSm3", r.contentSm3());
            published.put("pdfSm3", r.pdfSm3());
            published.put("approvedExports", r.exportIds().stream().map(UUID::toString).toList());
            content.put("revision", published);
        });
        content.put("legalBasis", List.of("《济南市公共数据授权运营办法》第十三条（数据产品经依法设立的数据交易场所交易）",
                "第十五条（合规审查与风险评估）"));
        content.put("statement", "本挂牌材料仅含产品元数据，不含任何原始公共数据 "
                + "(this listing carries product metadata only, no public data)");
        String json = StatisticsProducts.JSON.writeValueAsString(content);
        audit.record(AuditEvent.success("product.listing.export", "product", productId)
                .with("sm3", Sm3.hex(json.getBytes(StandardCharsets.UTF_8))));
        return new ListingPackage(productId, content, json, Sm3.hex(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** The PDF summary of the listing package, in Chinese with English labels. */
    @Transactional
    public ProductFile listingPdf(UUID productId) {
        ListingPackage listing = listingPackage(productId);
        CatalogEntry entry = entry(guards.load(productId));
        ProductPdf.Writer writer = pdf.document("数据产品挂牌说明 Product listing summary")
                .line("产品 Product：" + entry.name())
                .line("产品形态 Form：" + formZh(entry.form()) + " (" + entry.form().name() + ")")
                .line("运营单位 Operator：" + entry.operatorName())
                .line("应用场景 Scenario：" + entry.scenario())
                .line("说明 Description：" + entry.description())
                .heading("数据来源 Source datasets")
                .table(List.of("代码 Code", "名称 Name", "提供单位 Provider"), entry.datasets().stream()
                        .map(d -> List.of(d.code(), d.name(), d.providerName())).toList())
                .heading("价格 Pricing")
                .line("计价方式 Price model：" + entry.pricingModel().name()
                        + (entry.fee() == null ? "（无偿 free）" : "；服务费 fee " + entry.fee().stripTrailingZeros().toPlainString()
                                + " 元；最高限价 cap " + (entry.capPrice() == null ? "—" : entry.capPrice().stripTrailingZeros().toPlainString())
                                + " 元"))
                .heading("合规审查 Compliance review")
                .line("审查结论 Result：通过 passed；风险等级 risk level "
                        + (entry.riskLevel() == null ? "—" : entry.riskLevel().name())
                        + (entry.secondReview() ? "；已双人复核 second review done" : ""))
                .heading("挂牌包摘要 Package digest")
                .line("格式 Format " + FORMAT + "；SM3 " + listing.sm3())
                .line("依据《济南市公共数据授权运营办法》第十三条，数据产品可在依法设立的数据交易场所交易。"
                        + "本材料仅含产品元数据，不含任何原始公共数据。");
        byte[] bytes = writer.finish();
        return new ProductFile("listing-" + productId + ".pdf", "application/pdf", bytes, Sm3.hex(bytes));
    }

    static String formZh(ProductForm form) {
        return switch (form) {
            case DATA_COMPONENT -> "数据组件";
            case DATA_MODEL -> "数据模型";
            case DATA_VERIFICATION -> "数据核验";
            case DATA_SERVICE -> "数据服务";
            case DATA_TOOL -> "数据工具";
            case DATA_REPORT -> "数据报告";
        };
    }

    CatalogEntry entry(Product product) {
        ProductView view = product.view();
        GrantDescriptor grant = grants.find(product.grantId()).orElse(null);
        List<CatalogEntry.SourceDataset> sources = new ArrayList<>();
        if (grant != null) {
            for (GrantedDataset granted : grant.datasets()) {
                if (view.verification() != null && !granted.code().equals(view.verification().datasetCode())) {
                    continue;
                }
                datasets.find(granted.datasetId()).ifPresent(d -> sources.add(source(d)));
            }
        } else if (view.verification() != null) {
            datasets.findByCode(view.verification().datasetCode()).ifPresent(d -> sources.add(source(d)));
        }
        Optional<RevisionView> revision = revisions.latest(product.id());
        return new CatalogEntry(view.id(), view.name(), view.description(), view.form(),
                identity.describe(view.operatorId()).map(OrganizationView::name).orElse(""),
                grant == null ? "" : grant.scenario(), sources, view.pricingModel(), view.fee(), view.capPrice(),
                view.state(), view.riskLevel(), view.secondReviewer() != null,
                revision.map(RevisionView::revision).orElse(null),
                revision.map(RevisionView::publishedAt).orElse(null),
                grant == null ? null : identity.describe(grant.authorizerId()).map(OrganizationView::name).orElse(null),
                identity.describe(view.operatorId()).map(OrganizationView::legalRepresentative).orElse(null));
    }

    private CatalogEntry.SourceDataset source(DatasetDescriptor dataset) {
        return new CatalogEntry.SourceDataset(dataset.code(), dataset.name(),
                identity.describe(dataset.providerId()).map(OrganizationView::name).orElse(""));
    }
}
