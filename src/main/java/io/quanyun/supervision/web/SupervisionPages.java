package io.quanyun.supervision.web;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

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
import io.quanyun.identity.OrganizationView;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.Role;
import io.quanyun.shared.web.Htmx;
import io.quanyun.shared.web.NavigationItem;
import io.quanyun.supervision.DashboardView;
import io.quanyun.supervision.IncidentGrade;
import io.quanyun.supervision.IncidentManagement;
import io.quanyun.supervision.IncidentState;
import io.quanyun.supervision.SecurityReporting;
import io.quanyun.supervision.SupervisionManagement;

/**
 * Supervision console pages: the dashboard with its charts and alerts (supervisors), rectification orders and
 * training records (supervisors and operators, each seeing what the facade lets it see).
 */
@Controller
@RequestMapping("/supervision")
class SupervisionPages {

    private final SupervisionManagement supervision;
    private final IncidentManagement incidents;
    private final SecurityReporting reporting;
    private final IdentityManagement identity;

    SupervisionPages(SupervisionManagement supervision, IncidentManagement incidents, SecurityReporting reporting,
            IdentityManagement identity) {
        this.supervision = supervision;
        this.incidents = incidents;
        this.reporting = reporting;
        this.identity = identity;
    }

    private Map<UUID, String> operatorNames() {
        return identity.organizationsOfType(OrganizationType.OPERATOR).stream()
                .collect(Collectors.toMap(OrganizationView::id, OrganizationView::name, (a, b) -> a));
    }

    @GetMapping
    String dashboard(Model model) {
        DashboardView dashboard = supervision.dashboard();
        model.addAttribute("dashboard", dashboard);
        model.addAttribute("alerts", supervision.alerts());
        model.addAttribute("rules", supervision.monitoringRules());
        model.addAttribute("byRuleLabels", String.join(",", dashboard.alertsByRule().keySet().stream()
                .map(Enum::name).toList()));
        model.addAttribute("byRuleValues", join(dashboard.alertsByRule().values()));
        model.addAttribute("perDayLabels", dashboard.alertsPerDay().keySet().stream().map(d -> d.toString().substring(5))
                .collect(Collectors.joining(",")));
        model.addAttribute("perDayValues", join(dashboard.alertsPerDay().values()));
        model.addAttribute("bySeverityLabels", dashboard.alertsBySeverity().keySet().stream().map(Enum::name)
                .collect(Collectors.joining(",")));
        model.addAttribute("bySeverityValues", join(dashboard.alertsBySeverity().values()));
        // open incidents (not closed) per grade, and the operators whose last security report is overdue
        Map<IncidentGrade, Long> openByGrade = new java.util.EnumMap<>(IncidentGrade.class);
        for (IncidentGrade grade : IncidentGrade.values()) {
            openByGrade.put(grade, 0L);
        }
        incidents.incidents().stream().filter(i -> i.state() != IncidentState.CLOSED)
                .forEach(i -> openByGrade.merge(i.grade(), 1L, Long::sum));
        model.addAttribute("openIncidents", openByGrade.values().stream().mapToLong(Long::longValue).sum());
        model.addAttribute("incidentsByGradeLabels", openByGrade.keySet().stream().map(Enum::name)
                .collect(Collectors.joining(",")));
        model.addAttribute("incidentsByGradeValues", join(openByGrade.values()));
        model.addAttribute("overdueReports", reporting.overdue());
        return "supervision/dashboard";
    }

    @PostMapping("/alerts/{id}/{action}")
    String alertAction(@PathVariable UUID id, @PathVariable String action, @RequestParam(required = false) String note,
            HttpServletRequest request, HttpServletResponse response) {
        switch (action) {
            case "acknowledge" -> supervision.acknowledgeAlert(id);
            case "resolve" -> supervision.resolveAlert(id, note);
            default -> throw io.quanyun.shared.QuanyunException.notFound("action", action);
        }
        return Htmx.redirect(request, response, "/supervision");
    }

    @GetMapping("/rectifications")
    String rectifications(Model model) {
        model.addAttribute("orders", supervision.rectifications());
        model.addAttribute("operators", operatorNames());
        return "supervision/rectifications";
    }

    @GetMapping("/evaluations")
    String evaluations(Model model) {
        model.addAttribute("campaigns", supervision.evaluations());
        model.addAttribute("operators", operatorNames());
        return "supervision/evaluations";
    }

    /** The evaluation console: the campaign, its scores, and the platform's evidence on the chosen operator. */
    @GetMapping("/evaluations/{id}")
    String evaluation(@PathVariable UUID id, @RequestParam(required = false) UUID operator, Model model) {
        io.quanyun.supervision.EvaluationView campaign = supervision.evaluation(id);
        Map<UUID, String> names = operatorNames();
        UUID chosen = operator != null ? operator
                : campaign.scores().stream().map(io.quanyun.supervision.EvaluationView.ScoreView::operatorId)
                        .findFirst().orElse(null);
        model.addAttribute("campaign", campaign);
        model.addAttribute("operators", names);
        model.addAttribute("chosen", chosen);
        model.addAttribute("evidence", chosen == null ? null : supervision.evaluationEvidence(id, chosen));
        return "supervision/evaluation";
    }

    @GetMapping("/trainings")
    String trainings(Model model) {
        model.addAttribute("trainings", supervision.trainings());
        model.addAttribute("operators", operatorNames());
        return "supervision/trainings";
    }

    private static String join(java.util.Collection<Long> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    @Configuration(proxyBeanMethods = false)
    static class SupervisionNavigation {
        @Bean
        NavigationItem supervisionDashboardNavigation() {
            return new NavigationItem("nav.supervision", "/supervision", Set.of(Role.AUTHORITY_ADMIN, Role.AUDITOR),
                    700);
        }

        @Bean
        NavigationItem evaluationsNavigation() {
            return new NavigationItem("nav.supervision.evaluations", "/supervision/evaluations",
                    Set.of(Role.AUTHORITY_ADMIN, Role.AUDITOR, Role.EXPERT), 705);
        }

        @Bean
        NavigationItem rectificationsNavigation() {
            return new NavigationItem("nav.supervision.rectifications", "/supervision/rectifications",
                    Set.of(Role.AUTHORITY_ADMIN, Role.AUDITOR, Role.OPERATOR_ADMIN), 710);
        }

        @Bean
        NavigationItem trainingsNavigation() {
            return new NavigationItem("nav.supervision.trainings", "/supervision/trainings",
                    Set.of(Role.AUTHORITY_ADMIN, Role.AUDITOR, Role.OPERATOR_ADMIN, Role.OPERATOR_ENGINEER), 720);
        }
    }
}
