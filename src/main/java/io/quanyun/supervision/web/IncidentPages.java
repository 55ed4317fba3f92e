package io.quanyun.supervision.web;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.quanyun.identity.IdentityManagement;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.Role;
import io.quanyun.shared.web.Htmx;
import io.quanyun.shared.web.NavigationItem;
import io.quanyun.supervision.ContainmentKind;
import io.quanyun.supervision.FileSecurityReport;
import io.quanyun.supervision.IncidentGrade;
import io.quanyun.supervision.IncidentManagement;
import io.quanyun.supervision.OpenInspection;
import io.quanyun.supervision.RecordEmergencyPlan;
import io.quanyun.supervision.ReportIncident;
import io.quanyun.supervision.SecurityReporting;
import io.quanyun.supervision.SupervisingDepartment;

/**
 * Console pages for incidents and emergency plans (Art. 15), the authorizer's supervision page (Art. 14),
 * security reports and inspections (Art. 16). Each page shows what the facades let the signed-in person see.
 */
@Controller
@RequestMapping("/supervision")
class IncidentPages {

    private final IncidentManagement incidents;
    private final SecurityReporting reporting;
    private final IdentityManagement identity;

    IncidentPages(IncidentManagement incidents, SecurityReporting reporting, IdentityManagement identity) {
        this.incidents = incidents;
        this.reporting = reporting;
        this.identity = identity;
    }

    // ---------------------------------------------------------------- incidents and plans

    @GetMapping("/incidents")
    String incidents(Model model, HttpServletRequest request) {
        model.addAttribute("handler", request.isUserInRole(Role.AUTHORITY_ADMIN.name()));
        model.addAttribute("incidents", incidents.incidents());
        model.addAttribute("operators", identity.organizationsOfType(OrganizationType.OPERATOR));
        model.addAttribute("grades", IncidentGrade.values());
        model.addAttribute("departments", SupervisingDepartment.values());
        model.addAttribute("containments", ContainmentKind.values());
        return "supervision/incidents";
    }

    @PostMapping("/incidents")
    String report(@RequestParam(required = false) @Nullable UUID organizationId,
            @RequestParam(required = false) @Nullable UUID alertId, @RequestParam(required = false) IncidentGrade grade,
            @RequestParam String title, @RequestParam String description, HttpServletRequest request,
            HttpServletResponse response) {
        incidents.report(new ReportIncident(organizationId, alertId, grade, title, description, null));
        return Htmx.redirect(request, response, "/supervision/incidents");
    }

    @PostMapping("/incidents/{id}/{action}")
    String act(@PathVariable UUID id, @PathVariable String action,
            @RequestParam(required = false) @Nullable String note,
            @RequestParam(required = false) @Nullable ContainmentKind kind,
            @RequestParam(required = false) @Nullable UUID target,
            @RequestParam(required = false) @Nullable SupervisingDepartment department,
            HttpServletRequest request, HttpServletResponse response) {
        switch (action) {
            case "note" -> incidents.note(id, note);
            case "containment" -> incidents.contain(id, kind, target, note);
            case "notification" -> incidents.notify(id, department, null, note);
            case "closure" -> incidents.close(id, note);
            default -> throw io.quanyun.shared.QuanyunException.notFound("action", action);
        }
        return Htmx.redirect(request, response, "/supervision/incidents");
    }

    @GetMapping("/plans")
    String plans(Model model) {
        model.addAttribute("plans", incidents.plans());
        return "supervision/plans";
    }

    @PostMapping("/plans")
    String recordPlan(@RequestParam String title, @RequestParam String content,
            @RequestParam(required = false) @Nullable LocalDate effectiveFrom, HttpServletRequest request,
            HttpServletResponse response) {
        incidents.recordPlan(new RecordEmergencyPlan(null, title, content, effectiveFrom));
        return Htmx.redirect(request, response, "/supervision/plans");
    }

    // ---------------------------------------------------------------- responsibility, reports, inspections

    @GetMapping("/responsibilities")
    String responsibilities(Model model) {
        model.addAttribute("view", reporting.responsibilities());
        return "supervision/responsibilities";
    }

    @GetMapping("/reports")
    String reports(Model model, HttpServletRequest request) {
        model.addAttribute("reports", reporting.reports());
        model.addAttribute("sections", SecurityReporting.SECTIONS);
        if (request.isUserInRole(Role.AUTHORITY_ADMIN.name()) || request.isUserInRole(Role.AUDITOR.name())) {
            model.addAttribute("overdue", reporting.overdue());
        } else if (request.isUserInRole(Role.OPERATOR_ADMIN.name())) {
            model.addAttribute("template", reporting.template(null, null));
        }
        return "supervision/reports";
    }

    @PostMapping("/reports")
    String file(@RequestParam java.util.Map<String, String> form, HttpServletRequest request,
            HttpServletResponse response) {
        java.util.Map<String, String> sections = new java.util.LinkedHashMap<>();
        SecurityReporting.SECTIONS.keySet().forEach(key -> sections.put(key, form.get(key)));
        reporting.file(new FileSecurityReport(form.get("period"), sections));
        return Htmx.redirect(request, response, "/supervision/reports");
    }

    @GetMapping("/inspections")
    String inspections(Model model) {
        model.addAttribute("inspections", reporting.inspections());
        model.addAttribute("operators", identity.organizationsOfType(OrganizationType.OPERATOR));
        return "supervision/inspections";
    }

    @GetMapping("/inspections/{id}")
    String inspection(@PathVariable UUID id, Model model) {
        model.addAttribute("inspection", reporting.inspection(id));
        model.addAttribute("records", reporting.inspection(id).state().name().equals("OPEN")
                ? reporting.inspectionRecords(id) : null);
        return "supervision/inspection";
    }

    @PostMapping("/inspections")
    String open(@RequestParam(required = false) @Nullable UUID operatorId, @RequestParam String scope,
            HttpServletRequest request, HttpServletResponse response) {
        UUID id = reporting.openInspection(new OpenInspection(operatorId, scope)).id();
        return Htmx.redirect(request, response, "/supervision/inspections/" + id);
    }

    @PostMapping("/inspections/{id}/{action}")
    String inspect(@PathVariable UUID id, @PathVariable String action, @RequestParam String note,
            HttpServletRequest request, HttpServletResponse response) {
        switch (action) {
            case "finding" -> reporting.recordFinding(id, note);
            case "closure" -> reporting.closeInspection(id, note);
            default -> throw io.quanyun.shared.QuanyunException.notFound("action", action);
        }
        return Htmx.redirect(request, response, "/supervision/inspections/" + id);
    }

    @Configuration(proxyBeanMethods = false)
    static class IncidentNavigation {
        @Bean
        NavigationItem incidentsNavigation() {
            return new NavigationItem("nav.supervision.incidents", "/supervision/incidents", Set.of(
                    Role.AUTHORITY_ADMIN, Role.AUDITOR, Role.OPERATOR_ADMIN, Role.OPERATOR_ENGINEER), 730);
        }

        @Bean
        NavigationItem plansNavigation() {
            return new NavigationItem("nav.supervision.plans", "/supervision/plans", Set.of(Role.AUTHORITY_ADMIN,
                    Role.AUDITOR, Role.OPERATOR_ADMIN), 740);
        }

        @Bean
        NavigationItem responsibilitiesNavigation() {
            return new NavigationItem("nav.supervision.responsibilities", "/supervision/responsibilities",
                    Set.of(Role.AUTHORITY_ADMIN, Role.AUDITOR, Role.PROVIDER_CLERK), 705);
        }

        @Bean
        NavigationItem reportsNavigation() {
            return new NavigationItem("nav.supervision.reports", "/supervision/reports", Set.of(Role.AUTHORITY_ADMIN,
                    Role.AUDITOR, Role.OPERATOR_ADMIN), 750);
        }

        @Bean
        NavigationItem inspectionsNavigation() {
            return new NavigationItem("nav.supervision.inspections", "/supervision/inspections",
                    Set.of(Role.AUTHORITY_ADMIN, Role.AUDITOR), 760);
        }
    }
}
