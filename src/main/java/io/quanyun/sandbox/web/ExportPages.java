package io.quanyun.sandbox.web;

import io.quanyun.sandbox.ExportFile;
import io.quanyun.sandbox.ExportState;
import io.quanyun.sandbox.ExportView;
import io.quanyun.sandbox.QueryAnswer;
import io.quanyun.sandbox.SandboxManagement;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Role;
import io.quanyun.shared.Violation;
import io.quanyun.shared.web.Htmx;
import io.quanyun.shared.web.NavigationItem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Export review in the console (Art. 13): a workspace member asks to export a released result from the query
 * history; the authority's reviewers see each pending export with the result as it was checked and approve or
 * reject it with reasons (two approvals by two people, neither the requester); members then download the CSV or
 * XLSX file, which carries the export id and whose SM3 hash is shown. Every step goes through
 * {@link SandboxManagement}, which checks, refuses and audits.
 */
@Controller
class ExportPages {

    private final SandboxManagement sandbox;

    ExportPages(SandboxManagement sandbox) {
        this.sandbox = sandbox;
    }

    @GetMapping("/sandbox/exports")
    String exports(Model model) {
        var actor = Actors.current();
        boolean reviewer = actor.has(Role.AUTHORITY_ADMIN) && actor.isOf(OrganizationType.AUTHORITY);
        List<ExportView> exports = sandbox.exports();
        Map<UUID, QueryAnswer> results = new LinkedHashMap<>();
        for (ExportView export : exports) {
            if (reviewer && export.state() == ExportState.REQUESTED) {
                results.put(export.id(), sandbox.exportResult(export.id()));
            }
        }
        model.addAttribute("exports", exports);
        model.addAttribute("results", results);
        model.addAttribute("reviewer", reviewer);
        model.addAttribute("me", actor.username());
        return "sandbox/exports";
    }

    @PostMapping("/sandbox/queries/{queryId}/export")
    String request(@PathVariable UUID queryId, @RequestParam(required = false) @Nullable String purpose,
            HttpServletRequest request, HttpServletResponse response) {
        sandbox.requestExport(queryId, required(purpose, "purpose"));
        return Htmx.redirect(request, response, "/sandbox/exports");
    }

    @PostMapping("/sandbox/exports/{id}/review")
    String review(@PathVariable UUID id, @RequestParam String decision,
            @RequestParam(required = false) @Nullable String reason, HttpServletRequest request,
            HttpServletResponse response) {
        sandbox.reviewExport(id, "APPROVE".equals(decision), required(reason, "reason"));
        return Htmx.redirect(request, response, "/sandbox/exports");
    }

    @GetMapping("/sandbox/exports/{id}/download")
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

    @Configuration(proxyBeanMethods = false)
    static class ExportNavigation {

        @Bean
        NavigationItem exportReviewNavigation() {
            return new NavigationItem("nav.sandbox.exports", "/sandbox/exports",
                    Set.of(Role.AUTHORITY_ADMIN, Role.OPERATOR_ENGINEER, Role.OPERATOR_ADMIN), 510);
        }
    }
}
