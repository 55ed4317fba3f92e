package io.quanyun.authorization.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.quanyun.authorization.AgreementManagement;
import io.quanyun.authorization.AuthorizationManagement;
import io.quanyun.authorization.AnswerObjection;
import io.quanyun.authorization.ApplicationState;
import io.quanyun.authorization.ApplicationView;
import io.quanyun.authorization.SubmitApplication;
import io.quanyun.authorization.UploadedDocument;
import io.quanyun.authorization.CallState;
import io.quanyun.authorization.CallView;
import io.quanyun.authorization.ObjectionView;
import io.quanyun.authorization.ProposeShortlist;
import io.quanyun.authorization.RankingEntry;
import io.quanyun.authorization.StartReview;
import io.quanyun.authorization.DeclareConflicts;
import io.quanyun.authorization.ReviewView;
import io.quanyun.authorization.ScoreInput;
import io.quanyun.shared.Actors;
import io.quanyun.shared.Role;
import io.quanyun.shared.web.Htmx;
import io.quanyun.shared.web.NavigationItem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Console pages of the procedure: the person's tasks, calls, reviews (declare, score, submit), agreements (sign). */
@Controller
@RequestMapping("/authorization")
class ConsoleController {

    private final AuthorizationManagement authorization;
    private final AgreementManagement agreements;

    ConsoleController(AuthorizationManagement authorization, AgreementManagement agreements) {
        this.authorization = authorization;
        this.agreements = agreements;
    }

    @GetMapping
    String home(Model model) {
        model.addAttribute("tasks", authorization.tasks());
        model.addAttribute("calls", authorization.calls());
        model.addAttribute("reviews", authorization.myReviews());
        model.addAttribute("applications", authorization.myApplications());
        model.addAttribute("agreements", agreements.agreements());
        io.quanyun.shared.Actor actor = Actors.current();
        model.addAttribute("mayDraft", actor.has(Role.AUTHORITY_ADMIN) || actor.has(Role.PROVIDER_CLERK));
        model.addAttribute("mayKeepTemplates", actor.has(Role.AUTHORITY_ADMIN));
        model.addAttribute("mayFile", actor.has(Role.AUTHORITY_ADMIN) || actor.has(Role.AUDITOR)
                || actor.has(Role.GOVERNMENT_OFFICER));
        return "authorization/console";
    }

    @GetMapping("/calls/{id}")
    String call(@PathVariable UUID id, Model model) {
        CallView call = authorization.call(id);
        model.addAttribute("call", call);
        model.addAttribute("applications", authorization.applications(id));
        boolean manager = authorization.manages(id);
        model.addAttribute("manager", manager);
        model.addAttribute("objections", manager && (call.state() == CallState.NOTICE
                || call.state() == CallState.CONCLUDED) ? authorization.objections(id) : List.of());
        model.addAttribute("experts", manager && call.state() == CallState.PUBLISHED ? authorization.experts()
                : List.of());
        List<RankingEntry> ranking = List.of();
        if (manager && call.state() == CallState.REVIEWING) {
            // checked first, so that merely viewing a sealed call records no refusal in the audit log
            if (authorization.scoresUnsealed(id)) {
                ranking = authorization.ranking(id);
            } else {
                model.addAttribute("sealed", true);
            }
        }
        model.addAttribute("ranking", ranking);
        boolean operator = Actors.current().has(Role.OPERATOR_ADMIN);
        ApplicationView mine = operator ? authorization.myApplications().stream()
                .filter(a -> a.callId().equals(id) && a.state() != ApplicationState.WITHDRAWN).findFirst().orElse(null)
                : null;
        model.addAttribute("mine", mine);
        model.addAttribute("mayApply", operator && mine == null && call.state() == CallState.PUBLISHED);
        model.addAttribute("mayConcur", authorization.mayConcur(id));
        List<ApplicationView> applications = authorization.applications(id);
        model.addAttribute("readable", applications.stream().map(ApplicationView::id)
                .filter(authorization::mayReadDocuments).collect(java.util.stream.Collectors.toSet()));
        return "authorization/call";
    }

    /** The operator's application: the scenarios and one file per checklist item (an empty file input is no file). */
    @PostMapping(path = "/calls/{id}/applications", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    String apply(@PathVariable UUID id, @RequestParam(required = false) @Nullable String scenarios,
            MultipartHttpServletRequest multipart, HttpServletRequest request, HttpServletResponse response) {
        List<UploadedDocument> documents = new ArrayList<>();
        for (Map.Entry<String, List<MultipartFile>> entry : multipart.getMultiFileMap().entrySet()) {
            for (MultipartFile file : entry.getValue()) {
                if (file.isEmpty() && (file.getOriginalFilename() == null || file.getOriginalFilename().isBlank())) {
                    continue;
                }
                try {
                    documents.add(new UploadedDocument(entry.getKey(), file.getOriginalFilename(), file.getContentType(),
                            file.getBytes()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        authorization.apply(new SubmitApplication(id, scenarios, documents));
        return Htmx.redirect(request, response, "/authorization/calls/" + id);
    }

    @PostMapping("/applications/{id}/withdrawal")
    String withdrawApplication(@PathVariable UUID id, HttpServletRequest request, HttpServletResponse response) {
        ApplicationView withdrawn = authorization.withdrawApplication(id);
        return Htmx.redirect(request, response, "/authorization/calls/" + withdrawn.callId());
    }

    @PostMapping("/calls/{id}/publication")
    String publish(@PathVariable UUID id, HttpServletRequest request, HttpServletResponse response) {
        authorization.publishCall(id);
        return Htmx.redirect(request, response, "/authorization/calls/" + id);
    }

    @PostMapping("/calls/{id}/withdrawal")
    String withdraw(@PathVariable UUID id, @RequestParam(required = false) @Nullable String reason,
            HttpServletRequest request, HttpServletResponse response) {
        authorization.withdrawCall(id, reason);
        return Htmx.redirect(request, response, "/authorization/calls/" + id);
    }

    @PostMapping("/calls/{id}/reviews")
    String startReview(@PathVariable UUID id, @RequestParam(required = false) @Nullable List<UUID> experts,
            HttpServletRequest request, HttpServletResponse response) {
        authorization.startReview(id, new StartReview(experts == null ? List.of() : experts));
        return Htmx.redirect(request, response, "/authorization/calls/" + id);
    }

    @PostMapping("/calls/{id}/notice")
    String publishNotice(@PathVariable UUID id, @RequestParam(required = false) @Nullable List<UUID> shortlist,
            HttpServletRequest request, HttpServletResponse response) {
        authorization.publishNotice(id, new ProposeShortlist(shortlist == null ? List.of() : shortlist));
        return Htmx.redirect(request, response, "/authorization/calls/" + id);
    }

    @PostMapping("/objections/{id}/answer")
    String answer(@PathVariable UUID id, @RequestParam String outcome, @RequestParam(required = false) @Nullable String answer,
            HttpServletRequest request, HttpServletResponse response) {
        ObjectionView answered = authorization.answerObjection(id, new AnswerObjection("upheld".equals(outcome), answer));
        return Htmx.redirect(request, response, "/authorization/calls/" + answered.callId());
    }

    @PostMapping("/calls/{id}/conclusion")
    String conclude(@PathVariable UUID id, HttpServletRequest request, HttpServletResponse response) {
        authorization.conclude(id);
        return Htmx.redirect(request, response, "/authorization/calls/" + id);
    }

    @GetMapping("/reviews/{id}")
    String review(@PathVariable UUID id, Model model) {
        ReviewView review = authorization.review(id);
        model.addAttribute("review", review);
        model.addAttribute("call", authorization.call(review.callId()));
        model.addAttribute("excluded", review.exclusions().stream().map(e -> e.applicationId()).collect(
                java.util.stream.Collectors.toSet()));
        model.addAttribute("scored", review.scores().stream().map(s -> s.applicationId()).collect(
                java.util.stream.Collectors.toSet()));
        model.addAttribute("applications", authorization.applications(review.callId()).stream()
                .filter(a -> a.state() == io.quanyun.authorization.ApplicationState.UNDER_REVIEW).toList());
        return "authorization/review";
    }

    @PostMapping("/reviews/{id}/declaration")
    String declare(@PathVariable UUID id, @RequestParam(required = false) @Nullable List<UUID> conflicted,
            @RequestParam(required = false) @Nullable String statement, HttpServletRequest request,
            HttpServletResponse response) {
        authorization.declareConflicts(id, new DeclareConflicts(conflicted == null ? List.of() : conflicted, statement));
        return Htmx.redirect(request, response, "/authorization/reviews/" + id);
    }

    @PostMapping("/reviews/{id}/scores/{applicationId}")
    String score(@PathVariable UUID id, @PathVariable UUID applicationId, @RequestParam Map<String, String> form,
            HttpServletRequest request, HttpServletResponse response) {
        List<ScoreInput> scores = new ArrayList<>();
        for (Map.Entry<String, String> entry : form.entrySet()) {
            if (entry.getKey().startsWith("score_")) {
                String code = entry.getKey().substring("score_".length());
                int value;
                try {
                    value = Integer.parseInt(entry.getValue().trim());
                } catch (NumberFormatException e) {
                    value = -1;
                }
                scores.add(new ScoreInput(code, value, form.get("comment_" + code)));
            }
        }
        authorization.score(id, applicationId, scores);
        return Htmx.redirect(request, response, "/authorization/reviews/" + id);
    }

    @PostMapping("/reviews/{id}/submission")
    String submit(@PathVariable UUID id, HttpServletRequest request, HttpServletResponse response) {
        authorization.submitReview(id);
        return Htmx.redirect(request, response, "/authorization/reviews/" + id);
    }

    @GetMapping("/agreements/{id}")
    String agreement(@PathVariable UUID id, Model model) {
        model.addAttribute("agreement", agreements.agreement(id));
        model.addAttribute("myTurn", agreements.isTurnToSign(id));
        model.addAttribute("mayTerminate", agreements.mayTerminate(id));
        return "authorization/agreement";
    }

    @PostMapping("/agreements/{id}/signatures")
    String sign(@PathVariable UUID id, RedirectAttributes redirect, HttpServletRequest request,
            HttpServletResponse response) {
        agreements.sign(id);
        return Htmx.redirect(request, response, "/authorization/agreements/" + id);
    }

    @Configuration(proxyBeanMethods = false)
    static class Navigation {
        @Bean
        NavigationItem authorizationNavigation() {
            return new NavigationItem("nav.authorization", "/authorization", Set.of(Role.AUTHORITY_ADMIN,
                    Role.PROVIDER_CLERK, Role.OPERATOR_ADMIN, Role.EXPERT, Role.AUDITOR, Role.GOVERNMENT_OFFICER), 300);
        }

        @Bean
        NavigationItem portalCallsNavigation() {
            return new NavigationItem("nav.portal.calls", "/portal/calls", Set.of(), 310);
        }
    }
}
