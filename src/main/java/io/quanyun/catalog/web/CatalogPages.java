package io.quanyun.catalog.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

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
import org.springframework.web.multipart.MultipartFile;

import io.quanyun.catalog.CatalogManagement;
import io.quanyun.catalog.DatasetDescriptor;
import io.quanyun.catalog.DatasetVersion;
import io.quanyun.catalog.FieldQuality;
import io.quanyun.catalog.IngestionRefused;
import io.quanyun.catalog.ReportQualityProblem;
import io.quanyun.catalog.ResolvingQualityProblems;
import io.quanyun.catalog.UploadOptions;
import io.quanyun.catalog.vault.SourceFormat;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Violation;
import io.quanyun.shared.web.Htmx;
import io.quanyun.shared.web.NavigationItem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public catalog pages (no sign-in needed): metadata, registration history and quality figures; the
 * providers' upload form with a progress bar; quality tickets for operators, providers and the authority.
 */
@Controller
@RequestMapping("/catalog")
class CatalogPages {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CatalogManagement catalog;
    private final ResolvingQualityProblems tickets;
    private final IdentityManagement identity;

    CatalogPages(CatalogManagement catalog, ResolvingQualityProblems tickets, IdentityManagement identity) {
        this.catalog = catalog;
        this.tickets = tickets;
        this.identity = identity;
    }

    /** The names of the organizations that reported the tickets (public facts). */
    private Map<UUID, String> reporterNames(List<io.quanyun.catalog.QualityTicketView> shown) {
        Map<UUID, String> names = new java.util.HashMap<>();
        for (var ticket : shown) {
            identity.describe(ticket.reporterOrgId()).ifPresent(o -> names.put(o.id(), o.name()));
        }
        return names;
    }

    private Map<UUID, String> providerNames() {
        return identity.organizationsOfType(io.quanyun.shared.OrganizationType.PROVIDER).stream()
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
        Optional<DatasetVersion> current = catalog.currentVersion(id);
        model.addAttribute("current", current.orElse(null));
        model.addAttribute("versions", catalog.versions(id));
        current.ifPresent(version -> {
            List<FieldQuality> fields = version.quality().fields();
            model.addAttribute("chartFields", JSON.writeValueAsString(fields.stream().map(FieldQuality::field).toList()));
            model.addAttribute("chartCompleteness", JSON.writeValueAsString(fields.stream()
                    .map(f -> percent(f.completeness())).toList()));
            model.addAttribute("chartValidity", JSON.writeValueAsString(fields.stream()
                    .map(f -> f.validity() == null ? null : percent(f.validity())).toList()));
        });
        var shown = tickets.tickets(id);
        model.addAttribute("tickets", shown);
        model.addAttribute("organizations", reporterNames(shown));
        return "catalog/dataset";
    }

    private static double percent(double share) {
        return Math.round(share * 10000) / 100.0;
    }

    /** The upload form posts here with htmx; the result or the line-numbered errors replace #upload-result. */
    @PostMapping("/{id}/versions")
    String upload(@PathVariable UUID id, @RequestParam("file") MultipartFile file,
            @RequestParam(required = false) @Nullable String format,
            @RequestParam(required = false) @Nullable String charset, Model model) throws IOException {
        SourceFormat sourceFormat = format == null || format.isBlank() ? formatOf(file.getOriginalFilename())
                : SourceFormat.valueOf(format.toUpperCase(Locale.ROOT));
        Charset chosen = charset == null || charset.isBlank() ? null : Charset.forName(charset);
        try (InputStream in = file.getInputStream()) {
            model.addAttribute("version", catalog.ingest(id, in, sourceFormat, new UploadOptions(chosen, null)));
        } catch (IngestionRefused refused) {
            model.addAttribute("refused", refused);
        }
        model.addAttribute("datasetId", id);
        return "catalog/fragments :: upload-result";
    }

    private static SourceFormat formatOf(@Nullable String name) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".parquet")) {
            return SourceFormat.PARQUET;
        }
        if (lower.endsWith(".xlsx")) {
            return SourceFormat.XLSX;
        }
        if (lower.endsWith(".csv")) {
            return SourceFormat.CSV;
        }
        throw QuanyunException.invalid(List.of(new Violation("format", "CSV、PARQUET 或 XLSX")));
    }

    /** The provider's rules form: one field's check, pattern, range and allowed values (one per line or comma). */
    @PostMapping("/{id}/rules")
    String declareRules(@PathVariable UUID id, @RequestParam(required = false) @Nullable String field,
            @RequestParam(required = false) @Nullable String check,
            @RequestParam(required = false) @Nullable String pattern,
            @RequestParam(required = false) @Nullable String minimum,
            @RequestParam(required = false) @Nullable String maximum,
            @RequestParam(required = false) @Nullable String allowedValues, HttpServletRequest request,
            HttpServletResponse response) {
        if (field == null || field.isBlank()) {
            throw QuanyunException.invalid(List.of(new Violation("field", "必填 (required)")));
        }
        io.quanyun.catalog.ValidityRule chosen;
        try {
            chosen = check == null || check.isBlank() ? null : io.quanyun.catalog.ValidityRule.valueOf(check);
        } catch (IllegalArgumentException e) {
            throw QuanyunException.invalid(List.of(new Violation("check", "无效 (not valid)")));
        }
        List<String> values = allowedValues == null ? List.of()
                : java.util.Arrays.asList(allowedValues.split("[,，\\n]"));
        catalog.declareRules(id, field, new io.quanyun.catalog.FieldRules(chosen, pattern, minimum, maximum, values));
        return Htmx.redirect(request, response, "/catalog/" + id);
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

    // ------------------------------------------------------------------ quality tickets

    @PostMapping("/{id}/tickets")
    String report(@PathVariable UUID id, @RequestParam(required = false) @Nullable String fieldName,
            @RequestParam(required = false) @Nullable String summary,
            @RequestParam(required = false) @Nullable String description, HttpServletRequest request,
            HttpServletResponse response) {
        tickets.report(new ReportQualityProblem(id, fieldName, summary, description));
        return Htmx.redirect(request, response, "/catalog/" + id);
    }

    @GetMapping("/tickets")
    String ticketList(Model model) {
        var shown = tickets.tickets();
        model.addAttribute("tickets", shown);
        var actor = io.quanyun.shared.Actors.current();
        boolean authority = actor.has(io.quanyun.shared.Role.AUTHORITY_ADMIN) || actor.has(io.quanyun.shared.Role.AUDITOR);
        List<io.quanyun.catalog.QualityTicketView> overdue = authority ? tickets.overdue() : List.of();
        model.addAttribute("overdue", overdue);
        model.addAttribute("datasetNames", catalog.datasets().stream()
                .collect(Collectors.toMap(DatasetDescriptor::id, DatasetDescriptor::name, (a, b) -> a)));
        List<io.quanyun.catalog.QualityTicketView> all = new java.util.ArrayList<>(shown);
        all.addAll(overdue);
        model.addAttribute("organizations", reporterNames(all));
        return "catalog/tickets";
    }

    @PostMapping("/tickets/{ticketId}/{action}")
    String settle(@PathVariable UUID ticketId, @PathVariable String action,
            @RequestParam(required = false) @Nullable String text,
            @RequestParam(required = false) @Nullable Integer fixedInVersion, HttpServletRequest request,
            HttpServletResponse response) {
        var ticket = switch (action) {
            case "answer" -> tickets.answer(ticketId, text);
            case "close" -> {
                if (fixedInVersion == null) {
                    throw QuanyunException.invalid(List.of(new Violation("fixedInVersion", "必填 (required)")));
                }
                yield tickets.close(ticketId, fixedInVersion);
            }
            case "reject" -> tickets.reject(ticketId, text);
            default -> throw QuanyunException.notFound("action", action);
        };
        return Htmx.redirect(request, response, "/catalog/" + ticket.datasetId());
    }

    @Configuration(proxyBeanMethods = false)
    static class CatalogNavigation {
        @Bean
        NavigationItem catalogNavigation() {
            return new NavigationItem("nav.catalog", "/catalog", Set.of(), 100);
        }

        @Bean
        NavigationItem qualityTicketNavigation() {
            return new NavigationItem("nav.tickets", "/catalog/tickets", Set.of(io.quanyun.shared.Role.OPERATOR_ADMIN,
                    io.quanyun.shared.Role.OPERATOR_ENGINEER, io.quanyun.shared.Role.PROVIDER_CLERK,
                    io.quanyun.shared.Role.AUTHORITY_ADMIN, io.quanyun.shared.Role.AUDITOR), 105);
        }
    }
}
