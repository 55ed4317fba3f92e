package io.quanyun.product.api;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.quanyun.product.CatalogEntry;
import io.quanyun.product.ModelProducts;
import io.quanyun.product.ModelView;
import io.quanyun.product.OperatingReports;
import io.quanyun.product.ProductListing;
import io.quanyun.product.PublicDisclosure;
import io.quanyun.product.PublishedDisclosure;
import io.quanyun.product.ReportProducts;
import io.quanyun.product.StatisticsProducts;
import io.quanyun.product.StatisticsTable;
import io.quanyun.shared.QuanyunException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The public product API (no sign-in, under {@code /api/v1/public}): the catalog, listing packages, statistics
 * tables and reports of listed free products (charged ones with an {@code X-Api-Key}), model parameters, and the
 * yearly disclosure.
 */
@RestController
@RequestMapping(path = "/api/v1/public", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Public products", description = "公开的数据产品目录、挂牌材料、统计数据与信息公开")
class PublicProductsController {

    private final ProductListing listing;
    private final StatisticsProducts statistics;
    private final ReportProducts reports;
    private final ModelProducts models;
    private final OperatingReports operating;

    PublicProductsController(ProductListing listing, StatisticsProducts statistics, ReportProducts reports,
            ModelProducts models, OperatingReports operating) {
        this.listing = listing;
        this.statistics = statistics;
        this.reports = reports;
        this.models = models;
        this.operating = operating;
    }

    @GetMapping("/products")
    @Operation(summary = "Listed (and suspended) products with form, datasets, operator, price model and review status")
    List<CatalogEntry> catalog() {
        return listing.catalog();
    }

    @GetMapping("/products/{id}")
    @Operation(summary = "One catalog entry")
    CatalogEntry entry(@PathVariable UUID id) {
        return listing.entry(id).orElseThrow(() -> QuanyunException.notFound("product", id));
    }

    @GetMapping("/products/{id}/data")
    @Operation(summary = "A listed statistics product's table: free ones for anyone, charged ones with X-Api-Key")
    StatisticsTable data(@PathVariable UUID id,
            @RequestHeader(name = "X-Api-Key", required = false) @Nullable String apiKey) {
        return apiKey == null ? statistics.table(id) : statistics.tableForKey(id, apiKey);
    }

    @GetMapping(path = "/products/{id}/report.pdf", produces = {MediaType.APPLICATION_PDF_VALUE,
            MediaType.APPLICATION_JSON_VALUE})
    @Operation(summary = "A listed report product's PDF: free ones for anyone, charged ones with X-Api-Key")
    ResponseEntity<byte[]> report(@PathVariable UUID id,
            @RequestHeader(name = "X-Api-Key", required = false) @Nullable String apiKey) {
        return ProductFiles.of(apiKey == null ? reports.report(id) : reports.reportForKey(id, apiKey));
    }

    @GetMapping("/products/{id}/model")
    @Operation(summary = "A listed model product's public parameters (coefficients, training and privacy)")
    ModelView model(@PathVariable UUID id) {
        listing.entry(id).orElseThrow(() -> QuanyunException.notFound("product", id));
        return models.latest(id).orElseThrow(() -> QuanyunException.notFound("model", id));
    }

    @GetMapping("/products/{id}/listing")
    @Operation(summary = "The listing package (JSON) of a listed product for a lawful data exchange (Art. 13)")
    ResponseEntity<String> listingPackage(@PathVariable UUID id) {
        var listed = listing.listingPackage(id);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).header("X-Quanyun-SM3", listed.sm3())
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=listing-" + id + ".json")
                .body(listed.json());
    }

    @GetMapping(path = "/products/{id}/listing.pdf", produces = {MediaType.APPLICATION_PDF_VALUE,
            MediaType.APPLICATION_JSON_VALUE})
    @Operation(summary = "The listing package's PDF summary")
    ResponseEntity<byte[]> listingPdf(@PathVariable UUID id) {
        return ProductFiles.of(listing.listingPdf(id));
    }

    @GetMapping("/disclosures/{year}")
    @Operation(summary = "The yearly public disclosure (authorizations, products, fees)")
    PublicDisclosure disclosure(@PathVariable int year) {
        return operating.disclosure(year);
    }

    @GetMapping(path = "/disclosures/{year}/pdf", produces = {MediaType.APPLICATION_PDF_VALUE,
            MediaType.APPLICATION_JSON_VALUE})
    @Operation(summary = "The yearly public disclosure as PDF")
    ResponseEntity<byte[]> disclosurePdf(@PathVariable int year) {
        return ProductFiles.of(operating.disclosurePdf(year));
    }

    @GetMapping("/disclosures")
    @Operation(summary = "Published annual reports and disclosures with their SM3")
    List<PublishedDisclosure> published() {
        return operating.published();
    }
}
