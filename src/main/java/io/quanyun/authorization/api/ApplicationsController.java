package io.quanyun.authorization.api;

import java.util.List;
import java.util.UUID;

import java.nio.charset.StandardCharsets;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.quanyun.authorization.ApplicationView;
import io.quanyun.authorization.AuthorizationManagement;
import io.quanyun.authorization.DocumentDownload;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Applications (申报). */
@RestController
@RequestMapping(path = "/api/v1/applications", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Applications", description = "申报 / applications")
class ApplicationsController {

    private final AuthorizationManagement authorization;

    ApplicationsController(AuthorizationManagement authorization) {
        this.authorization = authorization;
    }

    @GetMapping
    List<ApplicationView> mine() {
        return authorization.myApplications();
    }

    @GetMapping("/{id}")
    ApplicationView one(@PathVariable UUID id) {
        return authorization.application(id);
    }

    @GetMapping(path = "/{id}/documents/{code}", produces = MediaType.ALL_VALUE)
    @Operation(summary = "Download an uploaded document (the authority, the applicant, panel experts without a "
            + "conflict of interest; audited)")
    ResponseEntity<byte[]> document(@PathVariable UUID id, @PathVariable String code) {
        DocumentDownload document = authorization.document(id, code);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(document.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(document.fileName(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-SM3", document.sm3()).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(document.content());
    }

    @PostMapping("/{id}/withdrawal")
    ApplicationView withdraw(@PathVariable UUID id) {
        return authorization.withdrawApplication(id);
    }
}
