package io.quanyun.authorization.api;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.quanyun.authorization.AgreementManagement;
import io.quanyun.authorization.FilingReport;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The filing report (备案) for a period {@code [from, to)}, as JSON or PDF. */
@RestController
@RequestMapping(path = "/api/v1/filings")
@Tag(name = "Filings", description = "备案 / filing")
class FilingsController {

    private final AgreementManagement agreements;

    FilingsController(AgreementManagement agreements) {
        this.agreements = agreements;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    FilingReport report(@RequestParam @Nullable Instant from, @RequestParam @Nullable Instant to) {
        return agreements.filing(from, to);
    }

    @GetMapping(path = "/document", produces = MediaType.APPLICATION_PDF_VALUE)
    ResponseEntity<byte[]> document(@RequestParam @Nullable Instant from, @RequestParam @Nullable Instant to) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("filing.pdf").build().toString())
                .body(agreements.filingDocument(from, to));
    }
}
