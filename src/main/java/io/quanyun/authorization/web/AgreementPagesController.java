package io.quanyun.authorization.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import io.quanyun.authorization.AgreementManagement;
import io.quanyun.authorization.AgreementView;
import io.quanyun.authorization.FilingReport;
import io.quanyun.authorization.ClauseKind;
import io.quanyun.authorization.CreateTemplate;
import io.quanyun.shared.Actors;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Role;
import io.quanyun.shared.Violation;
import io.quanyun.shared.Zones;
import io.quanyun.shared.web.Htmx;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The authority's agreement pages: template versions with the Art. 9 clause check, early termination by the
 * authorizer, and the filing report (备案) for a period of calendar days in Asia/Shanghai.
 */
@Controller
@RequestMapping("/authorization")
class AgreementPagesController {

    private final AgreementManagement agreements;

    AgreementPagesController(AgreementManagement agreements) {
        this.agreements = agreements;
    }

    @GetMapping("/templates")
    String templates(Model model) {
        model.addAttribute("templates", agreements.templates());
        model.addAttribute("mayKeep", Actors.current().has(Role.AUTHORITY_ADMIN));
        model.addAttribute("clauseKinds", ClauseKind.values());
        return "authorization/templates";
    }

    /** A new template version: one text area per clause; a missing clause is named in the message area. */
    @PostMapping("/templates")
    String createTemplate(@RequestParam Map<String, String> form, HttpServletRequest request,
            HttpServletResponse response) {
        Map<ClauseKind, String> clauses = new EnumMap<>(ClauseKind.class);
        for (ClauseKind kind : ClauseKind.values()) {
            String text = form.get("clause_" + kind.name());
            if (text != null && !text.isBlank()) {
                clauses.put(kind, text);
            }
        }
        agreements.createTemplate(new CreateTemplate(form.get("title"), clauses));
        return Htmx.redirect(request, response, "/authorization/templates");
    }

    @PostMapping("/agreements/{id}/termination")
    String terminate(@PathVariable UUID id, @RequestParam(required = false) @Nullable String reason,
            HttpServletRequest request, HttpServletResponse response) {
        agreements.terminate(id, reason);
        return Htmx.redirect(request, response, "/authorization/agreements/" + id);
    }

    /** The agreement's PDF as stored, for those who may see the agreement (the API link needs a bearer token). */
    @GetMapping("/agreements/{id}/document")
    ResponseEntity<byte[]> agreementDocument(@PathVariable UUID id) {
        AgreementView agreement = agreements.agreement(id);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename(agreement.number() + ".pdf").build().toString())
                .body(agreements.document(id));
    }

    /** The filing page; with a period it shows the report and links its PDF. */
    @GetMapping("/filings")
    String filings(@RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to, Model model, HttpServletRequest request) {
        model.addAttribute("from", from == null ? "" : from);
        model.addAttribute("to", to == null ? "" : to);
        if (from != null && to != null) {
            Instant[] period = period(from, to);
            model.addAttribute("report", agreements.filing(period[0], period[1]));
        }
        return Htmx.isHtmx(request) ? "authorization/filings :: report" : "authorization/filings";
    }

    @GetMapping("/filings/document")
    ResponseEntity<byte[]> filingDocument(@RequestParam String from, @RequestParam String to) {
        Instant[] period = period(from, to);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("filing-" + from + "-" + to + ".pdf").build().toString())
                .body(agreements.filingDocument(period[0], period[1]));
    }

    /** The report as JSON, for the signed-in console user (the same as {@code GET /api/v1/filings}). */
    @GetMapping(path = "/filings/report.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    FilingReport filingJson(@RequestParam String from, @RequestParam String to) {
        Instant[] period = period(from, to);
        return agreements.filing(period[0], period[1]);
    }

    /** From the start of the first day to the end of the last day (both inclusive), in Asia/Shanghai. */
    private static Instant[] period(String from, String to) {
        List<Violation> violations = new ArrayList<>();
        LocalDate first = date(from, "from", violations);
        LocalDate last = date(to, "to", violations);
        if (!violations.isEmpty()) {
            throw QuanyunException.invalid(violations);
        }
        return new Instant[] {first.atStartOfDay(Zones.SHANGHAI).toInstant(),
                last.plusDays(1).atStartOfDay(Zones.SHANGHAI).toInstant()};
    }

    private static @Nullable LocalDate date(String value, String field, List<Violation> violations) {
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, "日期格式应为 yyyy-MM-dd (a date as yyyy-MM-dd)"));
            return null;
        }
    }
}
