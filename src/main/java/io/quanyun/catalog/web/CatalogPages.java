package io.quanyun.catalog.web;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
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

import io.quanyun.catalog.CatalogManagement;
import io.quanyun.catalog.DatasetDescriptor;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.web.Htmx;
import io.quanyun.shared.web.NavigationItem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The public catalog pages (no sign-in needed) and the review actions for providers and the authority. */
@Controller
@RequestMapping("/catalog")
class CatalogPages {

    private final CatalogManagement catalog;
    private final IdentityManagement identity;

    CatalogPages(CatalogManagement catalog, IdentityManagement identity) {
        this.catalog = catalog;
        this.identity = identity;
    }

    private Map<UUID, String> providerNames() {
        return identity.organizationsOfType(OrganizationType.PROVIDER).stream()
                .collect(Collectors.toMap(OrganizationView::id, OrganizationView::name, (a, b) -> a));
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("datasets", catalog.datasets());
        model.addAttribute("providers", providerNames());
        return "catalog/list";
    }

    @GetMapping("/{id}")
    String one(@PathVariable UUID id, Model model) {
        DatasetDescriptor dataset = catalog.dataset(id);
        model.addAttribute("dataset", dataset);
        model.addAttribute("provider", providerNames().getOrDefault(dataset.providerId(), ""));
        model.addAttribute("registrations", catalog.registrations(id));
        return "catalog/dataset";
    }

    @PostMapping("/{id}/{action}")
    String act(@PathVariable UUID id, @PathVariable String action,
            @RequestParam(required = false) String reason, HttpServletRequest request, HttpServletResponse response) {
        Map<String, Function<UUID, DatasetDescriptor>> actions = Map.of(
                "submit", catalog::submit,
                "publish", catalog::publish,
                "return", d -> catalog.returnToProvider(d, reason),
                "withdraw", d -> catalog.withdraw(d, reason));
        Function<UUID, DatasetDescriptor> chosen = actions.get(action);
        if (chosen == null) {
            throw io.quanyun.shared.QuanyunException.notFound("action", action);
        }
        chosen.apply(id);
        return Htmx.redirect(request, response, "/catalog/" + id);
    }

    @Configuration(proxyBeanMethods = false)
    static class CatalogNavigation {
        @Bean
        NavigationItem catalogNavigation() {
            return new NavigationItem("nav.catalog", "/catalog", Set.of(), 100);
        }
    }
}
