package io.quanyun.product.web;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.quanyun.product.IssuedConsentToken;
import io.quanyun.product.SubjectConsents;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Zones;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * The data subject's portal page (个人授权): entered from the trusted identity provider (the government service
 * app's page posts the session secret as the form field {@code session} to {@code POST /portal/subject/enter}, never
 * in a URL), or in {@code ./quanyun dev} through the demo sign-in. The person sees their consent tokens, issues one
 * for a listed product and a consumer subscribed to it (the token is shown once), and revokes one. The posted secret
 * is used up and exchanged for a new one kept in the server-side HTTP session only (cookie {@code QUANYUN_SESSION}:
 * HttpOnly, Secure under TLS); the session id changes at entry.
 */
@Controller
@RequestMapping("/portal/subject")
class SubjectPortalPages {

    static final String SESSION_ATTRIBUTE = "quanyun.subjectSession";

    private final SubjectConsents subjects;
    private final Clock clock;
    private final MessageSource messages;
    private final Set<String> providerOrigins;

    SubjectPortalPages(SubjectConsents subjects, Clock clock, MessageSource messages,
            @Value("${quanyun.subject-channel.identity-provider.origins:}") List<String> providerOrigins) {
        this.subjects = subjects;
        this.clock = clock;
        this.messages = messages;
        this.providerOrigins = providerOrigins.stream().map(String::trim).filter(o -> !o.isEmpty())
                .map(o -> o.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    @ModelAttribute("time")
    DateTimeFormatter time() {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(Zones.SHANGHAI);
    }

    @GetMapping
    String page(HttpSession http, Model model) {
        String session = (String) http.getAttribute(SESSION_ATTRIBUTE);
        model.addAttribute("provider", subjects.providerName());
        model.addAttribute("demoSignIn", subjects.demoSignInEnabled());
        if (session != null && subjects.isOpen(session)) {
            model.addAttribute("signedIn", true);
            model.addAttribute("tokens", subjects.tokens(session));
            model.addAttribute("choices", subjects.choices(session));
        } else {
            http.removeAttribute(SESSION_ATTRIBUTE);
            model.addAttribute("signedIn", false);
        }
        return "product/subject";
    }

    /**
     * The old entry with the secret in the address: refused with a clear message, the secret used up (it may already
     * sit in browser history or a proxy log) and never echoed; the browser is sent to the page without it.
     */
    @GetMapping("/enter")
    String enterByAddress(@RequestParam(required = false) @Nullable String session, RedirectAttributes redirect) {
        if (session != null) {
            subjects.refuseEntry(session, "subject_session_in_url");
            redirect.addFlashAttribute("error", message("subject.session.in-url"));
        }
        return "redirect:/portal/subject";
    }

    /**
     * The identity provider's page posts the secret here (an auto-submitting form in the person's browser). The
     * console's CSRF token cannot come from the provider's page, so this one form is checked by its {@code Origin}
     * instead (see {@link SubjectPortalEntrySecurity}): the platform itself or a configured provider origin
     * ({@code quanyun.subject-channel.identity-provider.origins}); a browser always sends it with a cross-site POST.
     */
    @PostMapping(path = "/enter", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    String enter(@RequestParam(required = false) @Nullable String session,
            @RequestHeader(name = HttpHeaders.ORIGIN, required = false) @Nullable String origin,
            HttpServletRequest request, RedirectAttributes redirect) {
        if (origin != null && !allowedOrigin(origin, request)) {
            subjects.refuseEntry(session, "subject_session_origin");
            redirect.addFlashAttribute("error", message("subject.session.origin"));
            return "redirect:/portal/subject";
        }
        try {
            String portal = subjects.enter(session);
            signIn(request, portal);
        } catch (QuanyunException e) {
            redirect.addFlashAttribute("error", message("subject.session.invalid"));
        }
        return "redirect:/portal/subject";
    }

    @PostMapping("/demo-sign-in")
    String demoSignIn(@RequestParam(required = false) @Nullable String subject, HttpServletRequest request,
            RedirectAttributes redirect) {
        try {
            signIn(request, subjects.openDemoSession(subject).session());
        } catch (QuanyunException e) {
            redirect.addFlashAttribute("error", problem(e));
        }
        return "redirect:/portal/subject";
    }

    @PostMapping("/tokens")
    String issue(@RequestParam(required = false) @Nullable String choice, @RequestParam(defaultValue = "30") int days,
            HttpSession http, RedirectAttributes redirect) {
        String session = (String) http.getAttribute(SESSION_ATTRIBUTE);
        UUID product = null;
        UUID consumer = null;
        if (choice != null && choice.matches("[0-9a-f-]{36}\\|[0-9a-f-]{36}")) {
            product = UUID.fromString(choice.substring(0, 36));
            consumer = UUID.fromString(choice.substring(37));
        }
        try {
            IssuedConsentToken issued = subjects.issue(session, product, consumer,
                    clock.instant().plus(Duration.ofDays(Math.max(0, Math.min(days, 366)))).minusSeconds(60));
            redirect.addFlashAttribute("issued", issued);
        } catch (QuanyunException e) {
            redirect.addFlashAttribute("error", problem(e));
        }
        return "redirect:/portal/subject";
    }

    @PostMapping("/tokens/{id}/revoke")
    String revoke(@PathVariable UUID id, HttpSession http, RedirectAttributes redirect) {
        try {
            subjects.revoke((String) http.getAttribute(SESSION_ATTRIBUTE), id);
            redirect.addFlashAttribute("revoked", true);
        } catch (QuanyunException e) {
            redirect.addFlashAttribute("error", problem(e));
        }
        return "redirect:/portal/subject";
    }

    @PostMapping("/sign-out")
    String signOut(HttpSession http) {
        subjects.close((String) http.getAttribute(SESSION_ATTRIBUTE));
        http.removeAttribute(SESSION_ATTRIBUTE);
        return "redirect:/portal/subject";
    }

    /** Keeps the secret in the HTTP session, ending any earlier subject session, under a new session id. */
    private void signIn(HttpServletRequest request, String secret) {
        HttpSession existing = request.getSession(false);
        if (existing != null) {
            subjects.close((String) existing.getAttribute(SESSION_ATTRIBUTE));
            request.changeSessionId();
        }
        request.getSession(true).setAttribute(SESSION_ATTRIBUTE, secret);
    }

    private boolean allowedOrigin(String origin, HttpServletRequest request) {
        String own = org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromContextPath(request)
                .replacePath(null).build().toUriString();
        String given = origin.trim().toLowerCase(Locale.ROOT);
        return given.equals(own.toLowerCase(Locale.ROOT)) || providerOrigins.contains(given);
    }

    private static String problem(QuanyunException e) {
        boolean zh = LocaleContextHolder.getLocale().getLanguage().equals(Locale.CHINESE.getLanguage());
        StringBuilder text = new StringBuilder(zh ? e.code().titleZh() : e.code().titleEn());
        e.violations().forEach(v -> text.append(" · ").append(v.message()));
        return text.toString();
    }

    private String message(String key) {
        return messages.getMessage(key, null, key, LocaleContextHolder.getLocale());
    }
}
