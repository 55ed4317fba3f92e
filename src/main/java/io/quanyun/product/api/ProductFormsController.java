package io.quanyun.product.api;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.quanyun.product.AnnualOperatingReport;
import io.quanyun.product.ModelProducts;
import io.quanyun.product.ModelView;
import io.quanyun.product.OperatingReports;
import io.quanyun.product.PriceChange;
import io.quanyun.product.ProductFile;
import io.quanyun.product.ProductPricing;
import io.quanyun.product.ProductView;
import io.quanyun.product.PublishReport;
import io.quanyun.product.PublishedDisclosure;
import io.quanyun.product.ReportProducts;
import io.quanyun.product.RevenueStatus;
import io.quanyun.product.RevisionView;
import io.quanyun.product.StatisticsProducts;
import io.quanyun.product.StatisticsTable;
import io.quanyun.product.TrainProductModel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Statistics, report and model products, prices, revenue and annual reports, over JSON (signed in). */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Product forms and pricing", description = "数据服务、数据报告、数据模型；限价、收费、年度报告")
class ProductFormsController {

    private final StatisticsProducts statistics;
    private final ReportProducts reports;
    private final ModelProducts models;
    private final ProductPricing pricing;
    private final OperatingReports operating;

    ProductFormsController(StatisticsProducts statistics, ReportProducts reports, ModelProducts models,
            ProductPricing pricing, OperatingReports operating) {
        this.statistics = statistics;
        this.reports = reports;
        this.models = models;
        this.pricing = pricing;
        this.operating = operating;
    }

    record ExportReference(@Nullable UUID exportId) {
    }

    record Amount(@Nullable BigDecimal amount) {
    }

    @PostMapping(path = "/products/{id}/statistics", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Publish an approved export as the statistics product's next revision (operator administrator)")
    StatisticsTable publishStatistics(@PathVariable UUID id, @RequestBody ExportReference body) {
        if (body.exportId() == null) {
            throw io.quanyun.shared.QuanyunException.invalid(List.of(new io.quanyun.shared.Violation("exportId",
                    "必填 (required)")));
        }
        return statistics.publish(id, body.exportId());
    }

    @GetMapping("/products/{id}/statistics")
    @Operation(summary = "The statistics product's latest table (owner, authority, auditors; the public API serves listed ones)")
    StatisticsTable statisticsTable(@PathVariable UUID id) {
        return statistics.table(id);
    }

    @GetMapping("/products/{id}/revisions")
    @Operation(summary = "The product's published revisions")
    List<RevisionView> revisions(@PathVariable UUID id) {
        return statistics.revisions(id);
    }

    @PostMapping(path = "/products/{id}/reports", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Build the data report PDF from approved exports (operator administrator)")
    RevisionView publishReport(@PathVariable UUID id, @RequestBody PublishReport body) {
        return reports.publish(id, body);
    }

    @GetMapping(path = "/products/{id}/report.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "The report's latest PDF (owner, authority, auditors)")
    ResponseEntity<byte[]> report(@PathVariable UUID id) {
        return ProductFiles.of(reports.report(id));
    }

    @PostMapping(path = "/products/{id}/models", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Train the model inside the sandbox with differential privacy (operator administrator)")
    ModelView train(@PathVariable UUID id, @RequestBody TrainProductModel body) {
        return models.train(id, body);
    }

    @PutMapping(path = "/products/{id}/cap-price", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Set the cap price of a charged product (authority)")
    ProductView capPrice(@PathVariable UUID id, @RequestBody Amount body) {
        return pricing.setCapPrice(id, body.amount());
    }

    @PutMapping(path = "/products/{id}/fee", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Set the fee of a charged product, at or below its cap (operator administrator)")
    ProductView fee(@PathVariable UUID id, @RequestBody Amount body) {
        return pricing.setFee(id, body.amount());
    }

    @GetMapping("/products/{id}/prices")
    @Operation(summary = "The product's cap price and fee history")
    List<PriceChange> prices(@PathVariable UUID id) {
        return pricing.priceChanges(id);
    }

    @PutMapping(path = "/operators/{id}/revenue/{year}/maximum", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Set the operator's permitted maximum revenue of a year (authority)")
    RevenueStatus maximum(@PathVariable UUID id, @PathVariable int year, @RequestBody Amount body) {
        return pricing.setMaximum(id, year, body.amount());
    }

    @GetMapping("/operators/{id}/revenue/{year}")
    @Operation(summary = "The operator's revenue of a year against its maximum")
    RevenueStatus revenue(@PathVariable UUID id, @PathVariable int year) {
        return pricing.revenue(id, year);
    }

    @GetMapping("/operators/{id}/annual-reports/{year}")
    @Operation(summary = "The operator's annual operating report")
    AnnualOperatingReport annualReport(@PathVariable UUID id, @PathVariable int year) {
        return operating.annualReport(id, year);
    }

    @GetMapping(path = "/operators/{id}/annual-reports/{year}/pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "The operator's annual operating report as PDF")
    ResponseEntity<byte[]> annualReportPdf(@PathVariable UUID id, @PathVariable int year) {
        return ProductFiles.of(operating.annualReportPdf(id, year));
    }

    @PostMapping("/operators/{id}/annual-reports/{year}/publication")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Publish the annual operating report (operator administrator)")
    PublishedDisclosure publishAnnualReport(@PathVariable UUID id, @PathVariable int year) {
        return operating.publishAnnualReport(id, year);
    }

    @PostMapping("/disclosures/{year}/publication")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Publish the yearly public disclosure (authority)")
    PublishedDisclosure publishDisclosure(@PathVariable int year) {
        return operating.publishDisclosure(year);
    }
}
