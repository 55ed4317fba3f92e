package io.quanyun.product.web;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.quanyun.product.IssuedConsentToken;
import io.quanyun.product.SubjectConsents;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Zones;
import jakarta.servlet.http.HttpSession;

/**
 * The data subject's portal page (个人授权): entered from the trusted identity provider (the government service
 * app redirects the person to {@code /portal/subject/enter?session=...}), or in {@code ./quanyun dev} through the
 * demo sign-in. The person sees their consent tokens, issues one for a listed product and a consumer subscribed
 * to it (the token is shown once), and revokes one. The subject session lives in the HTTP session only.
 */
@Controller
@RequestMapping("/portal/subject")
class SubjectPortalPages {

    static final String SESSION_ATTRIBUTE = "quanyun.subjectSession";

    private final SubjectConsents subjects;
    private final Clock clock;

    SubjectPortalPages(SubjectConsents subjects, Clock clock) {
        this.subjects = subjects;
        this.clock = clock;
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

    @GetMapping("/enter")
    String enter(@RequestParam(required = false) @Nullable String session, HttpSession http, RedirectAttributes redirect) {
        if (session != null && subjects.isOpen(session)) {
            http.setAttribute(SESSION_ATTRIBUTE, session);
        } else {
            redirect.addFlashAttribute("error", message("subject.session.invalid"));
        }
        return "redirect:/portal/subject";
    }

    @PostMapping("/demo-sign-in")
    String demoSignIn(@RequestParam(required = false) @Nullable String subject, HttpSession http,
            RedirectAttributes redirect) {
        try {
            http.setAttribute(SESSION_ATTRIBUTE, subjects.openDemoSession(subject).session());
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

    private static String problem(QuanyunException e) {
        boolean zh = LocaleContextHolder.getLocale().getLanguage().equals(Locale.CHINESE.getLanguage());
        StringBuilder text = new StringBuilder(zh ? e.code().titleZh() : e.code().titleEn());
        e.violations().forEach(v -> text.append(" · ").append(v.message()));
        return text.toString();
    }

    private static String message(String key) {
        boolean zh = LocaleContextHolder.getLocale().getLanguage().equals(Locale.CHINESE.getLanguage());
        return switch (key) {
            default -> zh ? "个人授权会话无效或已过期，请重新登录" : "The session is invalid or expired: sign in again";
        };
    }
}
