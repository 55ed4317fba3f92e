package io.quanyun.authorization.api;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
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

import io.quanyun.authorization.AgreementManagement;
import io.quanyun.authorization.AgreementScope;
import io.quanyun.authorization.AgreementView;
import io.quanyun.authorization.CreateTemplate;
import io.quanyun.authorization.TemplateView;
import io.quanyun.authorization.Verification;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Agreement templates and agreements: documents, signatures, verification, termination, expiry. */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Agreements", description = "授权运营协议 / agreements")
class AgreementsController {

    private final AgreementManagement agreements;

    AgreementsController(AgreementManagement agreements) {
        this.agreements = agreements;
    }

    record ReasonRequest(@Nullable String reason) {
    }

    @GetMapping("/templates")
    List<TemplateView> templates() {
        return agreements.templates();
    }

    @PostMapping(path = "/templates", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Publish a new template version (all eight Art. 9 clauses required)")
    ResponseEntity<TemplateView> createTemplate(@RequestBody CreateTemplate request) {
        TemplateView template = agreements.createTemplate(request);
        return ResponseEntity.status(201).body(template);
    }

    @GetMapping("/agreements")
    List<AgreementView> list() {
        return agreements.agreements();
    }

    @GetMapping("/agreements/{id}")
    AgreementView one(@PathVariable UUID id) {
        return agreements.agreement(id);
    }

    @GetMapping("/agreements/{id}/scope")
    AgreementScope scope(@PathVariable UUID id) {
        agreements.agreement(id);
        return agreements.scopeOf(id);
    }

    @GetMapping(path = "/agreements/{id}/document", produces = MediaType.APPLICATION_PDF_VALUE)
    ResponseEntity<byte[]> document(@PathVariable UUID id) {
        AgreementView agreement = agreements.agreement(id);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename(agreement.number() + ".pdf").build().toString())
                .body(agreements.document(id));
    }

    @PostMapping("/agreements/{id}/signatures")
    @Operation(summary = "Sign (the operator first, then the authorizer)")
    AgreementView sign(@PathVariable UUID id) {
        return agreements.sign(id);
    }

    @PostMapping(path = "/agreements/{id}/verification", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Check a PDF against the agreement's SM3 hash")
    Verification verify(@PathVariable UUID id, @RequestParam("document") MultipartFile document) throws IOException {
        return agreements.verify(id, document.getBytes());
    }

    @PostMapping(path = "/agreements/{id}/termination", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Terminate early with a reason (the authorizer)")
    AgreementView terminate(@PathVariable UUID id, @RequestBody ReasonRequest request) {
        return agreements.terminate(id, request.reason());
    }

    @PostMapping("/agreements/expirations")
    @Operation(summary = "Expire the agreements whose term has ended (what the daily job does)")
    List<AgreementView> expire() {
        return agreements.expireDue();
    }
}
