package io.quanyun.product.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.product.OperatingReports;
import io.quanyun.product.ProductManagement;
import io.quanyun.product.ProductPricing;
import io.quanyun.product.api.ProductFiles;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Role;
import io.quanyun.shared.Zones;
import io.quanyun.shared.web.NavigationItem;

/**
 * The operating console (signed in): an operator's annual operating report with its revenue against the
 * permitted maximum, fees and publication; for the authority, each operator's report, cap prices, permitted
 * maximums and the yearly disclosure's publication.
 */
@Controller
@RequestMapping("/products/operating")
class OperatingPages {

    private final OperatingReports operating;
    private final ProductPricing pricing;
    private final ProductManagement products;
    private final IdentityManagement identity;

    OperatingPages(OperatingReports operating, ProductPricing pricing, ProductManagement products,
            IdentityManagement identity) {
        this.operating = operating;
        this.pricing = pricing;
        this.products = products;
        this.identity = identity;
    }

    @GetMapping
    String page(@RequestParam(required = false) @Nullable Integer year,
            @RequestParam(required = false) @Nullable UUID operator, Model model) {
        Actor actor = Actors.current();
        int shown = year == null ? LocalDate.now(Zones.SHANGHAI).getYear() : year;
        boolean authority = actor.has(Role.AUTHORITY_ADMIN) || actor.has(Role.AUDITOR);
        List<OrganizationView> operators = authority ? identity.organizationsOfType(OrganizationType.OPERATOR)
                : List.of();
        UUID chosen = authority
                ? (operator != null ? operator : operators.stream().findFirst().map(OrganizationView::id).orElse(null))
                : actor.isOf(OrganizationType.OPERATOR) ? actor.organizationId() : null;
        model.addAttribute("year", shown);
        model.addAttribute("authority", authority);
        model.addAttribute("authorityAdmin", actor.has(Role.AUTHORITY_ADMIN) && actor.isOf(OrganizationType.AUTHORITY));
        model.addAttribute("operatorAdmin", actor.has(Role.OPERATOR_ADMIN) && actor.isOf(OrganizationType.OPERATOR));
        model.addAttribute("operators", operators);
        model.addAttribute("operator", chosen);
        if (chosen != null) {
            model.addAttribute("report", operating.annualReport(chosen, shown));
        }
        model.addAttribute("dueBy", OperatingReports.dueBy(shown));
        model.addAttribute("published", operating.published().stream().filter(p -> p.year() == shown).toList());
        model.addAttribute("products", products.products());
        return "product/operating";
    }

    @GetMapping("/{operator}/{year}/pdf")
    ResponseEntity<byte[]> pdf(@PathVariable UUID operator, @PathVariable int year) {
        return ProductFiles.of(operating.annualReportPdf(operator, year));
    }

    @PostMapping("/{operator}/{year}/publication")
    String publish(@PathVariable UUID operator, @PathVariable int year, RedirectAttributes redirect) {
        return run(() -> operating.publishAnnualReport(operator, year), redirect, operator, year);
    }

    @PostMapping("/disclosure/{year}/publication")
    String publishDisclosure(@PathVariable int year, RedirectAttributes redirect) {
        return run(() -> operating.publishDisclosure(year), redirect, null, year);
    }

    @PostMapping("/{operator}/{year}/maximum")
    String maximum(@PathVariable UUID operator, @PathVariable int year, @RequestParam BigDecimal amount,
            RedirectAttributes redirect) {
        return run(() -> pricing.setMaximum(operator, year, amount), redirect, operator, year);
    }

    @PostMapping("/products/{id}/cap")
    String cap(@PathVariable UUID id, @RequestParam BigDecimal amount, @RequestParam int year,
            @RequestParam(required = false) @Nullable UUID operator, RedirectAttributes redirect) {
        return run(() -> pricing.setCapPrice(id, amount), redirect, operator, year);
    }

    @PostMapping("/products/{id}/fee")
    String fee(@PathVariable UUID id, @RequestParam BigDecimal amount, @RequestParam int year,
            RedirectAttributes redirect) {
        return run(() -> pricing.setFee(id, amount), redirect, null, year);
    }

    private String run(Runnable action, RedirectAttributes redirect, @Nullable UUID operator, int year) {
        try {
            action.run();
            redirect.addFlashAttribute("done", true);
        } catch (QuanyunException e) {
            redirect.addFlashAttribute("errorCode", e.code().code());
            redirect.addFlashAttribute("errorTitle", e.code().titleZh() + " / " + e.code().titleEn());
        }
        return "redirect:/products/operating?year=" + year + (operator == null ? "" : "&operator=" + operator);
    }

    @Configuration(proxyBeanMethods = false)
    static class Navigation {
        @Bean
        NavigationItem productOperatingNavigation() {
            return new NavigationItem("nav.products.operating", "/products/operating",
                    Set.of(Role.OPERATOR_ADMIN, Role.AUTHORITY_ADMIN, Role.AUDITOR), 330);
        }
    }
}
