package io.quanyun.authorization.web;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import io.quanyun.authorization.AuthorizationManagement;
import io.quanyun.authorization.DocumentDownload;

/** An applicant's document downloaded from the console (the facade decides who may and audits it). */
@Controller
class DocumentDownloads {

    private final AuthorizationManagement authorization;

    DocumentDownloads(AuthorizationManagement authorization) {
        this.authorization = authorization;
    }

    @GetMapping("/authorization/applications/{id}/documents/{code}")
    ResponseEntity<byte[]> download(@PathVariable UUID id, @PathVariable String code) {
        return response(authorization.document(id, code));
    }

    /** The document as an attachment, never rendered inline, with its SM3 hash in a header. */
    static ResponseEntity<byte[]> response(DocumentDownload document) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(document.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(document.fileName(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-SM3", document.sm3())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(document.content());
    }
}
