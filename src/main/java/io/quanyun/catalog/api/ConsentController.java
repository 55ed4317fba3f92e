package io.quanyun.catalog.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.quanyun.catalog.BulkConsentResult;
import io.quanyun.catalog.ConsentRegistry;
import io.quanyun.catalog.ConsentShare;
import io.quanyun.catalog.ConsentView;
import io.quanyun.catalog.RecordConsent;
import io.quanyun.catalog.SubjectKind;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The consent registry over JSON (Art. 6). Identifiers travel only in request bodies, never in URLs, and are
 * never returned: responses carry the keyed subject hash.
 */
@RestController
@RequestMapping(path = "/api/v1/catalog/consents", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Consent registry", description = "数据主体授权同意登记 / consents of data subjects")
class ConsentController {

    private final ConsentRegistry consents;

    ConsentController(ConsentRegistry consents) {
        this.consents = consents;
    }

    record ConsentQuestion(@Nullable String identifier, @Nullable String purpose, @Nullable UUID operatorId) {
        @Override
        public String toString() {
            return "ConsentQuestion[identifier hidden]";
        }
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Record one consent (provider clerk, authority)")
    ResponseEntity<ConsentView> record(@RequestBody RecordConsent command) {
        ConsentView consent = consents.record(command);
        return ResponseEntity.created(URI.create("/api/v1/catalog/consents/" + consent.id())).body(consent);
    }

    @PostMapping(path = "/bulk", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Record many consents from a CSV (header identifier[,valid_from,valid_until]); all or nothing")
    BulkConsentResult bulk(@RequestParam("file") MultipartFile file, @RequestParam SubjectKind subjectKind,
            @RequestParam String purpose, @RequestParam UUID operatorId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate validFrom,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate validUntil) throws IOException {
        try (InputStream in = file.getInputStream()) {
            return consents.recordAll(subjectKind, purpose, operatorId, validFrom, validUntil, in);
        }
    }

    @PostMapping(path = "/bulk", consumes = "text/csv")
    @Operation(summary = "Record many consents from a CSV request body; all or nothing")
    BulkConsentResult bulkBody(HttpServletRequest request, @RequestParam SubjectKind subjectKind,
            @RequestParam String purpose, @RequestParam UUID operatorId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate validFrom,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate validUntil) throws IOException {
        try (InputStream in = request.getInputStream()) {
            return consents.recordAll(subjectKind, purpose, operatorId, validFrom, validUntil, in);
        }
    }

    @PostMapping("/{id}/withdraw")
    @Operation(summary = "Withdraw a consent (provider clerk, authority)")
    ConsentView withdraw(@PathVariable UUID id) {
        return consents.withdraw(id);
    }

    @PostMapping(path = "/check", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Has the subject consented to the purpose for the operator today?")
    Map<String, Object> check(@RequestBody ConsentQuestion question) {
        io.quanyun.shared.Violations.create()
                .check(question.identifier() != null, "identifier", "必填 (required)")
                .check(question.purpose() != null, "purpose", "必填 (required)")
                .check(question.operatorId() != null, "operatorId", "必填 (required)").throwIfAny();
        return Map.of("consented", consents.hasConsented(question.identifier(), question.purpose(),
                question.operatorId()));
    }

    @GetMapping("/share")
    @Operation(summary = "Share of a dataset's subjects who consented to the purpose for the operator")
    ConsentShare share(@RequestParam UUID datasetId, @RequestParam String purpose, @RequestParam UUID operatorId) {
        return consents.consentShare(datasetId, purpose, operatorId);
    }
}
