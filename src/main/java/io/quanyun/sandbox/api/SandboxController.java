package io.quanyun.sandbox.api;

import io.quanyun.sandbox.DerivedTableView;
import io.quanyun.sandbox.ExportFile;
import io.quanyun.sandbox.ExportView;
import io.quanyun.sandbox.QueryAnswer;
import io.quanyun.sandbox.QueryRecord;
import io.quanyun.sandbox.SandboxManagement;
import io.quanyun.sandbox.WorkspaceView;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Violation;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The sandbox's JSON API: workspaces, queries, history, derived tables, exports. Refusals are problem+json. */
@RestController
@RequestMapping("/api/v1/sandbox")
class SandboxController {

    private final SandboxManagement sandbox;

    SandboxController(SandboxManagement sandbox) {
        this.sandbox = sandbox;
    }

    record QueryBody(@Nullable UUID workspace, @Nullable String sql) {
    }

    record MemberBody(@Nullable String username) {
    }

    record ExportBody(@Nullable UUID query, @Nullable String purpose) {
    }

    record ReviewBody(@Nullable String decision, @Nullable String reason) {
    }

    @GetMapping("/workspaces")
    List<WorkspaceView> workspaces() {
        return sandbox.workspaces();
    }

    @GetMapping("/workspaces/{id}")
    WorkspaceView workspace(@PathVariable UUID id) {
        return sandbox.workspace(id);
    }

    @PostMapping("/workspaces/{id}/members")
    WorkspaceView addMember(@PathVariable UUID id, @RequestBody MemberBody body) {
        return sandbox.addMember(id, required(body.username(), "username"));
    }

    @GetMapping("/workspaces/{id}/queries")
    List<QueryRecord> history(@PathVariable UUID id) {
        return sandbox.history(id);
    }

    @GetMapping("/workspaces/{id}/derived-tables")
    List<DerivedTableView> derivedTables(@PathVariable UUID id) {
        return sandbox.derivedTables(id);
    }

    @PostMapping("/queries")
    QueryAnswer query(@RequestBody QueryBody body) {
        if (body.workspace() == null) {
            throw QuanyunException.invalid(List.of(new Violation("workspace", "必填 (required)")));
        }
        return sandbox.query(body.workspace(), required(body.sql(), "sql"));
    }

    @GetMapping("/queries/{id}")
    QueryAnswer answer(@PathVariable UUID id) {
        return sandbox.answer(id);
    }

    @DeleteMapping("/queries/{id}")
    Map<String, Object> cancel(@PathVariable UUID id) {
        return Map.of("id", id, "cancelled", sandbox.cancel(id));
    }

    @PostMapping("/exports")
    ExportView requestExport(@RequestBody ExportBody body) {
        if (body.query() == null) {
            throw QuanyunException.invalid(List.of(new Violation("query", "必填 (required)")));
        }
        return sandbox.requestExport(body.query(), required(body.purpose(), "purpose"));
    }

    @GetMapping("/exports")
    List<ExportView> exports() {
        return sandbox.exports();
    }

    @PostMapping("/exports/{id}/reviews")
    ExportView review(@PathVariable UUID id, @RequestBody ReviewBody body) {
        String decision = required(body.decision(), "decision");
        if (!decision.equals("APPROVE") && !decision.equals("REJECT")) {
            throw QuanyunException.invalid(List.of(new Violation("decision", "APPROVE 或 REJECT (APPROVE or REJECT)")));
        }
        return sandbox.reviewExport(id, decision.equals("APPROVE"), required(body.reason(), "reason"));
    }

    @GetMapping("/exports/{id}/download")
    ResponseEntity<byte[]> download(@PathVariable UUID id, @RequestParam(defaultValue = "csv") String format) {
        ExportFile file = sandbox.download(id, format);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file.fileName() + "\"")
                .header("X-Quanyun-Export-Id", id.toString())
                .header("X-Quanyun-SM3", file.sm3())
                .contentType(MediaType.parseMediaType(file.contentType()))
                .body(file.content());
    }

    private static String required(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            throw QuanyunException.invalid(List.of(new Violation(field, "必填 (required)")));
        }
        return value;
    }
}
