package io.quanyun.audit.web;

import java.time.LocalDate;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.quanyun.audit.AuditManagement;
import io.quanyun.audit.AuditQuery;
import io.quanyun.audit.Outcome;
import io.quanyun.shared.Role;
import io.quanyun.shared.web.NavigationItem;

/** The auditors' search page, with a button that verifies the chain. */
@Controller
@RequestMapping("/audit")
class AuditSearchController {

    private final AuditManagement audit;

    AuditSearchController(AuditManagement audit) {
        this.audit = audit;
    }

    @GetMapping
    String search(@RequestParam(required = false) @Nullable String actor,
            @RequestParam(required = false) @Nullable String action,
            @RequestParam(required = false) @Nullable String objectType,
            @RequestParam(required = false) @Nullable String objectId,
            @RequestParam(required = false) @Nullable Outcome outcome,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
            @RequestParam(defaultValue = "0") int page, Model model) {
        AuditQuery query = new AuditQuery(actor, action, objectType, objectId, outcome, from, to, page, 50);
        model.addAttribute("entries", audit.search(query));
        model.addAttribute("query", query);
        model.addAttribute("outcomes", Outcome.values());
        return "audit/search";
    }

    @PostMapping("/verify")
    String verify(Model model) {
        model.addAttribute("verification", audit.verify());
        return "audit/search :: verification";
    }

    @Configuration(proxyBeanMethods = false)
    static class AuditNavigation {
        @Bean
        NavigationItem auditNavigation() {
            return new NavigationItem("nav.audit", "/audit", Set.of(Role.AUDITOR), 950);
        }
    }
}
