package io.quanyun.audit.api;

import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.quanyun.audit.AuditEntry;
import io.quanyun.audit.AuditManagement;
import io.quanyun.audit.AuditQuery;
import io.quanyun.audit.AuditVerification;
import io.quanyun.audit.Outcome;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Verification and search of the audit log (auditor role). */
@RestController
@RequestMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Audit", description = "审计日志 / audit log")
class AuditController {

    private final AuditManagement audit;

    AuditController(AuditManagement audit) {
        this.audit = audit;
    }

    @GetMapping("/verify")
    @Operation(summary = "Verify the hash chain of the whole log")
    AuditVerification verify() {
        return audit.verify();
    }

    @GetMapping("/entries")
    @Operation(summary = "Search the log, newest first")
    List<AuditEntry> entries(@RequestParam(required = false) @Nullable String actor,
            @RequestParam(required = false) @Nullable String action,
            @RequestParam(required = false) @Nullable String objectType,
            @RequestParam(required = false) @Nullable String objectId,
            @RequestParam(required = false) @Nullable Outcome outcome,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return audit.search(new AuditQuery(actor, action, objectType, objectId, outcome, from, to, page, size));
    }
}
