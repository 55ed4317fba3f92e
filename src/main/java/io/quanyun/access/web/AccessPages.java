package io.quanyun.access.web;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.quanyun.access.AccessManagement;
import io.quanyun.access.AmendScenarioRequest;
import io.quanyun.access.ApproveScenarioRequest;
import io.quanyun.access.FileScenarioRequest;
import io.quanyun.access.RequestedFields;
import io.quanyun.access.ScenarioRequestView;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Role;
import io.quanyun.shared.Zones;
import io.quanyun.shared.web.Htmx;
import io.quanyun.shared.web.NavigationItem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The console pages of access: operators file, amend, submit and withdraw requests and see their grants; the
 * authority and providers work through their approval queue; the authority suspends, restores and ends grants.
 */
@Controller
@RequestMapping("/access")
class AccessPages {

    private final AccessManagement access;

    AccessPages(AccessManagement access) {
        this.access = access;
    }

    /** Instants shown in Asia/Shanghai. */
    @ModelAttribute("time")
    DateTimeFormatter time() {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(Zones.SHANGHAI);
    }

    // ------------------------------------------------------------------ requests

    @GetMapping("/requests")
    String requests(Model model) {
        model.addAttribute("requests", access.requests());
        addFormChoices(model);
        return "access/requests";
    }

    @PostMapping("/requests")
    String file(@RequestParam(required = false) @Nullable UUID agreementId,
            @RequestParam(required = false) @Nullable String name,
            @RequestParam(required = false) @Nullable String description,
            @RequestParam(required = false) @Nullable String purpose,
            @RequestParam(required = false) @Nullable String intendedProducts,
            @RequestParam(required = false) @Nullable Integer durationDays,
            @RequestParam(required = false) @Nullable List<String> fields,
            @RequestParam(required = false) @Nullable String consentPurpose, HttpServletRequest request,
            HttpServletResponse response) {
        ScenarioRequestView filed = access.file(new FileScenarioRequest(agreementId, name, description, purpose,
                lines(intendedProducts), durationDays, datasets(fields), consentPurpose));
        return Htmx.redirect(request, response, "/access/requests/" + filed.id());
    }

    @GetMapping("/requests/{id}")
    String request(@PathVariable UUID id, Model model) {
        ScenarioRequestView view = access.request(id);
        model.addAttribute("req", view);
        model.addAttribute("mayDecide", access.approvalQueue().stream().anyMatch(r -> r.id().equals(id)));
        List<String> selected = new ArrayList<>();
        view.datasets().forEach(d -> d.fields().forEach(f -> selected.add(d.code() + "." + f)));
        model.addAttribute("selected", selected);
        model.addAttribute("products", String.join("\n", view.intendedProducts()));
        addFormChoices(model);
        return "access/request";
    }

    @PostMapping("/requests/{id}/amend")
    String amend(@PathVariable UUID id, @RequestParam(required = false) @Nullable String name,
            @RequestParam(required = false) @Nullable String description,
            @RequestParam(required = false) @Nullable String purpose,
            @RequestParam(required = false) @Nullable String intendedProducts,
            @RequestParam(required = false) @Nullable Integer durationDays,
            @RequestParam(required = false) @Nullable List<String> fields,
            @RequestParam(required = false) @Nullable String consentPurpose, HttpServletRequest request,
            HttpServletResponse response) {
        access.amend(id, new AmendScenarioRequest(name, description, purpose, lines(intendedProducts), durationDays,
                datasets(fields), consentPurpose));
        return Htmx.redirect(request, response, "/access/requests/" + id);
    }

    @PostMapping("/requests/{id}/approve")
    String approve(@PathVariable UUID id, @RequestParam(required = false) @Nullable Integer minimumGroupSize,
            @RequestParam(required = false) @Nullable BigDecimal totalEpsilon,
            @RequestParam(required = false) @Nullable BigDecimal epsilonPerQuery,
            @RequestParam(required = false) @Nullable String note, HttpServletRequest request,
            HttpServletResponse response) {
        access.approve(id, new ApproveScenarioRequest(minimumGroupSize, totalEpsilon, epsilonPerQuery, note));
        return Htmx.redirect(request, response, "/access/requests/" + id);
    }

    @PostMapping("/requests/{id}/{action:submit|withdraw|reject}")
    String act(@PathVariable UUID id, @PathVariable String action,
            @RequestParam(required = false) @Nullable String reason, HttpServletRequest request,
            HttpServletResponse response) {
        switch (action) {
            case "submit" -> access.submit(id);
            case "withdraw" -> access.withdraw(id, reason);
            case "reject" -> access.reject(id, reason);
            default -> throw QuanyunException.notFound("action", action);
        }
        return Htmx.redirect(request, response, "/access/requests/" + id);
    }

    @GetMapping("/approvals")
    String approvals(Model model) {
        model.addAttribute("requests", access.approvalQueue());
        return "access/approvals";
    }

    // ------------------------------------------------------------------ grants

    @GetMapping("/grants")
    String grants(Model model) {
        model.addAttribute("grants", access.grants());
        return "access/grants";
    }

    @GetMapping("/grants/{id}")
    String grant(@PathVariable UUID id, Model model) {
        model.addAttribute("view", access.grant(id));
        return "access/grant";
    }

    @PostMapping("/grants/{id}/{action:suspend|restore|end}")
    String grantAct(@PathVariable UUID id, @PathVariable String action,
            @RequestParam(required = false) @Nullable String reason, HttpServletRequest request,
            HttpServletResponse response) {
        switch (action) {
            case "suspend" -> access.suspend(id, reason);
            case "restore" -> access.restore(id, reason);
            case "end" -> access.end(id, reason);
            default -> throw QuanyunException.notFound("action", action);
        }
        return Htmx.redirect(request, response, "/access/grants/" + id);
    }

    // ------------------------------------------------------------------ helpers

    private void addFormChoices(Model model) {
        model.addAttribute("agreementsAvailable", access.agreementsAvailable());
        model.addAttribute("agreements", access.agreementsForFiling());
        model.addAttribute("datasets", access.requestableDatasets());
    }

    private static List<String> lines(@Nullable String text) {
        return text == null ? List.of()
                : Arrays.stream(text.split("\\R")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Checkbox values {@code code.field}, grouped by dataset in the order they came. */
    static List<RequestedFields> datasets(@Nullable List<String> fields) {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        if (fields != null) {
            for (String value : fields) {
                int dot = value.indexOf('.');
                if (dot > 0) {
                    grouped.computeIfAbsent(value.substring(0, dot), k -> new ArrayList<>())
                            .add(value.substring(dot + 1));
                }
            }
        }
        return grouped.entrySet().stream().map(e -> new RequestedFields(e.getKey(), e.getValue())).toList();
    }

    @Configuration(proxyBeanMethods = false)
    static class AccessNavigation {

        @Bean
        NavigationItem accessRequestsNavigation() {
            return new NavigationItem("nav.access.requests", "/access/requests",
                    Set.of(Role.OPERATOR_ADMIN, Role.AUTHORITY_ADMIN, Role.PROVIDER_CLERK, Role.AUDITOR), 300);
        }

        @Bean
        NavigationItem accessApprovalsNavigation() {
            return new NavigationItem("nav.access.approvals", "/access/approvals",
                    Set.of(Role.AUTHORITY_ADMIN, Role.PROVIDER_CLERK), 310);
        }

        @Bean
        NavigationItem accessGrantsNavigation() {
            return new NavigationItem("nav.access.grants", "/access/grants", Set.of(Role.OPERATOR_ADMIN,
                    Role.OPERATOR_ENGINEER, Role.AUTHORITY_ADMIN, Role.PROVIDER_CLERK, Role.AUDITOR), 320);
        }
    }
}
