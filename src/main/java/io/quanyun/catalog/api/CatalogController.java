package io.quanyun.catalog.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.quanyun.catalog.CatalogManagement;
import io.quanyun.catalog.DatasetDescriptor;
import io.quanyun.catalog.DatasetVersion;
import io.quanyun.catalog.IngestionRefused;
import io.quanyun.catalog.UploadOptions;
import io.quanyun.catalog.vault.SourceFormat;
import io.quanyun.shared.Violation;
import io.quanyun.shared.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import io.quanyun.catalog.RegisterDataset;
import io.quanyun.catalog.RegistrationRecord;
import io.quanyun.shared.Actors;
import io.quanyun.shared.QuanyunException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The catalog over JSON: metadata for everyone, registration and review for providers and the authority. */
@RestController
@RequestMapping(path = "/api/v1/catalog/datasets", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Catalog", description = "公共数据目录 / public data catalog (metadata only, never values)")
class CatalogController {

    private final CatalogManagement catalog;

    CatalogController(CatalogManagement catalog) {
        this.catalog = catalog;
    }

    record Reason(@Nullable String reason) {
    }

    @GetMapping
    @Operation(summary = "Datasets the caller may see (published ones without a token)")
    List<DatasetDescriptor> list() {
        return catalog.datasets();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One dataset's metadata and fields")
    DatasetDescriptor one(@PathVariable UUID id) {
        return catalog.dataset(id);
    }

    @GetMapping("/{id}/registrations")
    @Operation(summary = "The dataset's registration history")
    List<RegistrationRecord> registrations(@PathVariable UUID id) {
        return catalog.registrations(id);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Register a dataset (provider clerk, for the own organization)")
    ResponseEntity<DatasetDescriptor> register(@RequestBody RegisterDataset command) {
        var actor = Actors.current();
        if (actor.organizationId() == null) {
            throw QuanyunException.forbidden("Sign in as a provider clerk");
        }
        DatasetDescriptor created = catalog.registerDataset(actor.organizationId(), command);
        return ResponseEntity.created(URI.create("/api/v1/catalog/datasets/" + created.id())).body(created);
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Redescribe a draft dataset (its provider)")
    DatasetDescriptor redescribe(@PathVariable UUID id, @RequestBody RegisterDataset command) {
        return catalog.redescribe(id, command);
    }

    @PutMapping(path = "/{id}/fields/{field}/rules", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Declare a field's validity rules (its provider; any state but withdrawn)")
    DatasetDescriptor declareRules(@PathVariable UUID id, @PathVariable String field,
            @RequestBody io.quanyun.catalog.FieldRules rules) {
        return catalog.declareRules(id, field, rules);
    }

    @PostMapping("/{id}/submit")
    @Operation(summary = "Submit a draft for review (its provider)")
    DatasetDescriptor submit(@PathVariable UUID id) {
        return catalog.submit(id);
    }

    @PostMapping("/{id}/publish")
    @Operation(summary = "Publish a reviewed dataset (authority)")
    DatasetDescriptor publish(@PathVariable UUID id) {
        return catalog.publish(id);
    }

    @PostMapping(path = "/{id}/return", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Send a submitted dataset back to its provider with a reason (authority)")
    DatasetDescriptor sendBack(@PathVariable UUID id, @RequestBody Reason reason) {
        return catalog.returnToProvider(id, reason.reason());
    }

    @PostMapping(path = "/{id}/withdraw", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Withdraw and deregister a dataset with a reason (provider or authority)")
    DatasetDescriptor withdraw(@PathVariable UUID id, @RequestBody Reason reason) {
        return catalog.withdraw(id, reason.reason());
    }

    record Amendment(@Nullable String name, @Nullable String description, java.util.@Nullable Set<io.quanyun.catalog.Domain> domains,
            @Nullable String updateFrequency, @Nullable String note) {
    }

    @PostMapping(path = "/{id}/amendment", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Change a published dataset's descriptive metadata; registered as a change (its provider)")
    RegistrationRecord amend(@PathVariable UUID id, @RequestBody Amendment amendment) {
        return catalog.amend(id, amendment.name(), amendment.description(), amendment.domains(),
                amendment.updateFrequency(), amendment.note());
    }

    @PostMapping(path = "/{id}/correction", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Correct an error in a published dataset's registration, with a note (authority)")
    RegistrationRecord correct(@PathVariable UUID id, @RequestBody Reason note) {
        return catalog.correctRegistration(id, note.reason());
    }

    @PostMapping("/{id}/renew")
    @Operation(summary = "Renew a published dataset's registration for three years (authority)")
    RegistrationRecord renew(@PathVariable UUID id) {
        return catalog.renew(id);
    }

    // ------------------------------------------------------------------ versions

    static final String PARQUET = "application/vnd.apache.parquet";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @GetMapping("/{id}/versions")
    @Operation(summary = "The dataset's versions with their quality figures, newest first (never a value)")
    List<DatasetVersion> versions(@PathVariable UUID id) {
        return catalog.versions(id);
    }

    @GetMapping("/{id}/versions/current")
    @Operation(summary = "The version that serves now, with its quality figures")
    ResponseEntity<DatasetVersion> currentVersion(@PathVariable UUID id) {
        return ResponseEntity.of(catalog.currentVersion(id));
    }

    @PostMapping(path = "/{id}/versions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Ingest a file (multipart field 'file') into a new version (its provider). "
            + "Refused files give 400 with errors[] carrying line numbers; the current version still serves.")
    ResponseEntity<DatasetVersion> upload(@PathVariable UUID id, @RequestParam("file") MultipartFile file,
            @RequestParam(required = false) @Nullable String format,
            @RequestParam(required = false) @Nullable String charset,
            @RequestParam(required = false) @Nullable String sha256) throws IOException {
        SourceFormat sourceFormat = formatOf(format, file.getContentType(), file.getOriginalFilename());
        try (InputStream in = file.getInputStream()) {
            return created(catalog.ingest(id, in, sourceFormat, new UploadOptions(charsetOf(charset), sha256)));
        }
    }

    @PostMapping(path = "/{id}/versions", consumes = {"text/csv", MediaType.APPLICATION_OCTET_STREAM_VALUE, PARQUET,
            XLSX})
    @Operation(summary = "Ingest the request body (text/csv, application/vnd.apache.parquet, XLSX, or "
            + "application/octet-stream with ?format=) into a new version (its provider)")
    ResponseEntity<DatasetVersion> uploadBody(@PathVariable UUID id, HttpServletRequest request,
            @RequestParam(required = false) @Nullable String format,
            @RequestParam(required = false) @Nullable String charset,
            @RequestParam(required = false) @Nullable String sha256) throws IOException {
        SourceFormat sourceFormat = formatOf(format, request.getContentType(), null);
        Charset chosen = charsetOf(charset != null ? charset : request.getCharacterEncoding());
        try (InputStream in = request.getInputStream()) {
            return created(catalog.ingest(id, in, sourceFormat, new UploadOptions(chosen, sha256)));
        }
    }

    private static ResponseEntity<DatasetVersion> created(DatasetVersion version) {
        return ResponseEntity.created(URI.create("/api/v1/catalog/datasets/" + version.datasetId() + "/versions"))
                .body(version);
    }

    /** A refused file: problem+json whose errors[] carry line, field and code (never a value). */
    @ExceptionHandler(IngestionRefused.class)
    ResponseEntity<ProblemDetail> refused(IngestionRefused refused, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(refused.code(), refused.getMessage(), refused.violations(), request);
        problem.setProperty("errors", refused.errors().stream().map(e -> {
            Map<String, Object> error = new java.util.LinkedHashMap<>();
            error.put("line", e.line());
            error.put("field", e.field());
            error.put("code", e.error().name());
            error.put("message", e.message());
            return error;
        }).toList());
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** The format from ?format=, else the content type, else the file name's extension. */
    static SourceFormat formatOf(@Nullable String format, @Nullable String contentType, @Nullable String fileName) {
        if (format != null && !format.isBlank()) {
            try {
                return SourceFormat.valueOf(format.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw QuanyunException.invalid(List.of(new Violation("format", "CSV、PARQUET 或 XLSX")));
            }
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("text/csv")) {
            return SourceFormat.CSV;
        }
        if (type.startsWith(PARQUET)) {
            return SourceFormat.PARQUET;
        }
        if (type.startsWith(XLSX)) {
            return SourceFormat.XLSX;
        }
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return SourceFormat.CSV;
        }
        if (name.endsWith(".parquet")) {
            return SourceFormat.PARQUET;
        }
        if (name.endsWith(".xlsx")) {
            return SourceFormat.XLSX;
        }
        throw QuanyunException.invalid(List.of(new Violation("format",
                "无法判断文件格式，请指定 format=CSV|PARQUET|XLSX (say format=CSV|PARQUET|XLSX)")));
    }

    static @Nullable Charset charsetOf(@Nullable String charset) {
        if (charset == null || charset.isBlank() || charset.equalsIgnoreCase("ISO-8859-1")) {
            return null; // ISO-8859-1 is the servlet default when the client named none: detect instead
        }
        try {
            return Charset.forName(charset.trim());
        } catch (RuntimeException e) {
            throw QuanyunException.invalid(List.of(new Violation("charset", "UTF-8 或 GB18030")));
        }
    }
}
