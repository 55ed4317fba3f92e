package io.quanyun.supervision.api;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.quanyun.supervision.FileSecurityReport;
import io.quanyun.supervision.InspectionRecords;
import io.quanyun.supervision.InspectionView;
import io.quanyun.supervision.OpenInspection;
import io.quanyun.supervision.OverdueReport;
import io.quanyun.supervision.ResponsibilityView;
import io.quanyun.supervision.SecurityReportView;
import io.quanyun.supervision.SecurityReporting;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Responsibility (Art. 14), security reports and inspections (Art. 16) over JSON. */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Security reports and inspections", description = "安全报告、监督检查与监管责任 / reports, inspections, responsibility")
class ReportingController {

    private final SecurityReporting reporting;

    ReportingController(SecurityReporting reporting) {
        this.reporting = reporting;
    }

    record Note(@Nullable String note) {
    }

    record Conclusion(@Nullable String conclusion) {
    }

    @GetMapping("/supervision/responsibilities")
    @Operation(summary = "What the caller's organization supervises as authorizer (Art. 14), with open items")
    ResponsibilityView responsibilities() {
        return reporting.responsibilities();
    }

    @GetMapping("/security-reports")
    @Operation(summary = "Filed security reports the caller may see")
    List<SecurityReportView> reports() {
        return reporting.reports();
    }

    @GetMapping("/security-reports/template")
    @Operation(summary = "The report template for a period, pre-filled with the platform's evidence")
    SecurityReportView template(@RequestParam(required = false) @Nullable UUID operatorId,
            @RequestParam(required = false) @Nullable String period) {
        return reporting.template(operatorId, period);
    }

    @GetMapping("/security-reports/overdue")
    @Operation(summary = "Operators whose security report is due and not filed")
    List<OverdueReport> overdue() {
        return reporting.overdue();
    }

    @PostMapping(path = "/security-reports", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "File the operator's security report for a period")
    ResponseEntity<SecurityReportView> file(@RequestBody FileSecurityReport command) {
        SecurityReportView report = reporting.file(command);
        return ResponseEntity.created(URI.create("/api/v1/security-reports/" + report.id())).body(report);
    }

    @GetMapping("/security-reports/{id}")
    @Operation(summary = "One filed security report")
    SecurityReportView report(@PathVariable UUID id) {
        return reporting.report(id);
    }

    @GetMapping("/inspections")
    @Operation(summary = "Inspections the caller may see")
    List<InspectionView> inspections() {
        return reporting.inspections();
    }

    @PostMapping(path = "/inspections", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Open an inspection of an operator (authority)")
    ResponseEntity<InspectionView> open(@RequestBody OpenInspection command) {
        InspectionView inspection = reporting.openInspection(command);
        return ResponseEntity.created(URI.create("/api/v1/inspections/" + inspection.id())).body(inspection);
    }

    @GetMapping("/inspections/{id}")
    @Operation(summary = "One inspection with its findings")
    InspectionView inspection(@PathVariable UUID id) {
        return reporting.inspection(id);
    }

    @GetMapping("/inspections/{id}/records")
    @Operation(summary = "The inspected operator's workspaces, query history, exports and products (no raw data)")
    InspectionRecords records(@PathVariable UUID id) {
        return reporting.inspectionRecords(id);
    }

    @PostMapping(path = "/inspections/{id}/findings", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Record a finding")
    InspectionView finding(@PathVariable UUID id, @RequestBody Note body) {
        return reporting.recordFinding(id, body.note());
    }

    @PostMapping(path = "/inspections/{id}/closure", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Close the inspection with a conclusion")
    InspectionView close(@PathVariable UUID id, @RequestBody Conclusion body) {
        return reporting.closeInspection(id, body.conclusion());
    }
}
