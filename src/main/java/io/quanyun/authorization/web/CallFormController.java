package io.quanyun.authorization.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.quanyun.authorization.AuthorizationManagement;
import io.quanyun.authorization.CallMode;
import io.quanyun.authorization.CallView;
import io.quanyun.authorization.CriterionInput;
import io.quanyun.authorization.DraftCall;
import io.quanyun.authorization.RequiredDocument;
import io.quanyun.catalog.Classification;
import io.quanyun.catalog.Domain;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Role;
import io.quanyun.shared.Violation;
import io.quanyun.shared.Zones;
import io.quanyun.shared.web.Htmx;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The call drafting form (申报公告起草) for the authority (any mode) and for a data provider (domain-specific over its
 * own datasets, Art. 7), and the provider's concurrence with a domain-specific draft of the authority. The form has
 * a fixed number of rows for the eligibility checklist and the criteria; empty rows are ignored. Times are entered
 * in Asia/Shanghai. Errors come back into the page's message area; the form keeps what was typed.
 */
@Controller
@RequestMapping("/authorization/calls")
class CallFormController {

    static final int REQUIREMENT_ROWS = 6;
    static final int CRITERION_ROWS = 6;
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private final AuthorizationManagement authorization;
    private final java.time.Clock clock;

    CallFormController(AuthorizationManagement authorization, java.time.Clock clock) {
        this.authorization = authorization;
        this.clock = clock;
    }

    @GetMapping("/new")
    String form(Model model) {
        Actor actor = Actors.current();
        boolean authority = actor.has(Role.AUTHORITY_ADMIN) && actor.isOf(io.quanyun.shared.OrganizationType.AUTHORITY);
        boolean provider = actor.has(Role.PROVIDER_CLERK) && actor.isOf(io.quanyun.shared.OrganizationType.PROVIDER);
        if (!authority && !provider) {
            throw new QuanyunException(ErrorCode.FORBIDDEN, "Only the authority or a data provider drafts calls");
        }
        model.addAttribute("authority", authority);
        model.addAttribute("modes", authority ? List.of(CallMode.values()) : List.of(CallMode.DOMAIN_SPECIFIC));
        model.addAttribute("providers", authority ? authorization.providers() : List.of());
        model.addAttribute("datasets", authorization.draftableDatasets());
        model.addAttribute("domains", Domain.values());
        model.addAttribute("grades", List.of(Classification.GENERAL, Classification.IMPORTANT));
        model.addAttribute("requirementRows", REQUIREMENT_ROWS);
        model.addAttribute("criterionRows", CRITERION_ROWS);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        model.addAttribute("defaultOpensAt", LOCAL.format(now.atZone(Zones.SHANGHAI)));
        model.addAttribute("defaultClosesAt", LOCAL.format(now.plus(30, ChronoUnit.DAYS).atZone(Zones.SHANGHAI)));
        return "authorization/call-form";
    }

    /** The running total of the criteria weights, re-rendered while the form is filled in. */
    @GetMapping("/new/weights")
    String weights(@RequestParam MultiValueMap<String, String> form, Model model) {
        int total = 0;
        boolean readable = true;
        for (int i = 0; i < CRITERION_ROWS; i++) {
            String weight = trimmed(form.getFirst("criterionWeight" + i));
            if (weight.isEmpty()) {
                continue;
            }
            try {
                total += Integer.parseInt(weight);
            } catch (NumberFormatException e) {
                readable = false;
            }
        }
        model.addAttribute("total", total);
        model.addAttribute("readable", readable);
        return "authorization/call-form :: weights";
    }

    @PostMapping
    String draft(@RequestParam MultiValueMap<String, String> form, HttpServletRequest request,
            HttpServletResponse response) {
        List<Violation> violations = new ArrayList<>();
        CallMode mode = parseEnum(CallMode.class, form.getFirst("mode"), "mode", violations);
        Classification grade = mode == CallMode.GRADED
                ? parseEnum(Classification.class, form.getFirst("grade"), "grade", violations) : null;
        // a provider drafting names itself; the authority must name one (the facade says so if it did not)
        String provider = trimmed(form.getFirst("providerId"));
        UUID providerId = mode == CallMode.DOMAIN_SPECIFIC && !provider.isEmpty()
                ? parseUuid(provider, "providerId", violations) : null;
        List<UUID> datasetIds = new ArrayList<>();
        for (String value : nullToEmpty(form.get("datasetIds"))) {
            UUID id = parseUuid(value, "datasetIds", violations);
            if (id != null) {
                datasetIds.add(id);
            }
        }
        List<Domain> domains = new ArrayList<>();
        for (String value : nullToEmpty(form.get("domains"))) {
            Domain domain = parseEnum(Domain.class, value, "domains", violations);
            if (domain != null) {
                domains.add(domain);
            }
        }
        List<RequiredDocument> requirements = new ArrayList<>();
        for (int i = 0; i < REQUIREMENT_ROWS; i++) {
            String label = trimmed(form.getFirst("requirementLabel" + i));
            String code = trimmed(form.getFirst("requirementCode" + i));
            if (label.isEmpty() && code.isEmpty()) {
                continue;
            }
            if (label.isEmpty()) {
                violations.add(new Violation("requirements", "第" + (i + 1) + "项材料须填写名称 (item " + (i + 1)
                        + " of the checklist needs a name)"));
                continue;
            }
            requirements.add(new RequiredDocument(code.isEmpty() ? "document_" + (i + 1) : code, label,
                    form.containsKey("requirementRequired" + i)));
        }
        List<CriterionInput> criteria = new ArrayList<>();
        for (int i = 0; i < CRITERION_ROWS; i++) {
            String name = trimmed(form.getFirst("criterionName" + i));
            String weight = trimmed(form.getFirst("criterionWeight" + i));
            if (name.isEmpty() && weight.isEmpty()) {
                continue;
            }
            Integer value = parseInt(weight, "criteria", "第" + (i + 1) + "项评审标准的权重须为整数 (the weight of criterion "
                    + (i + 1) + " must be a whole number)", violations);
            criteria.add(new CriterionInput(name, value == null ? 0 : value));
        }
        Instant opensAt = parseLocal(form.getFirst("opensAt"), "opensAt", violations);
        Instant closesAt = parseLocal(form.getFirst("closesAt"), "closesAt", violations);
        Integer noticeDays = parseInt(trimmed(form.getFirst("noticeDays")), "noticeDays",
                "公示期须为整数天 (the notice period is a whole number of days)", violations);
        Integer termMonths = parseInt(trimmed(form.getFirst("termMonths")), "termMonths",
                "授权期限须为整数月 (the term is a whole number of months)", violations);
        if (!violations.isEmpty()) {
            throw QuanyunException.invalid(violations);
        }
        CallView call = authorization.draftCall(new DraftCall(form.getFirst("title"), form.getFirst("description"),
                mode, providerId, datasetIds, domains, requirements, criteria, opensAt, closesAt,
                noticeDays == null ? 0 : noticeDays, termMonths == null ? 0 : termMonths, grade));
        return Htmx.redirect(request, response, "/authorization/calls/" + call.id());
    }

    @PostMapping("/{id}/concurrence")
    String concur(@PathVariable UUID id, HttpServletRequest request, HttpServletResponse response) {
        authorization.concurCall(id);
        return Htmx.redirect(request, response, "/authorization/calls/" + id);
    }

    private static <E extends Enum<E>> @Nullable E parseEnum(Class<E> type, @Nullable String value, String field,
            List<Violation> violations) {
        if (value == null || value.isBlank()) {
            violations.add(new Violation(field, "必填 (required)"));
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim());
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(field, "取值无效 (not a valid choice): " + value));
            return null;
        }
    }

    private static @Nullable UUID parseUuid(@Nullable String value, String field, List<Violation> violations) {
        if (value == null || value.isBlank()) {
            violations.add(new Violation(field, "必填 (required)"));
            return null;
        }
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(field, "取值无效 (not a valid choice)"));
            return null;
        }
    }

    private static @Nullable Integer parseInt(String value, String field, String message, List<Violation> violations) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            violations.add(new Violation(field, message));
            return null;
        }
    }

    private static @Nullable Instant parseLocal(@Nullable String value, String field, List<Violation> violations) {
        try {
            return LocalDateTime.parse(trimmed(value)).atZone(Zones.SHANGHAI).toInstant();
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, "日期时间格式无效 (not a valid date and time)"));
            return null;
        }
    }

    private static String trimmed(@Nullable String value) {
        return value == null ? "" : value.trim();
    }

    private static List<String> nullToEmpty(@Nullable List<String> values) {
        return values == null ? List.of() : values;
    }
}
