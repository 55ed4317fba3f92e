package io.quanyun.authorization.web;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.quanyun.authorization.AuthorizationManagement;
import io.quanyun.authorization.CallState;
import io.quanyun.authorization.FileObjection;
import io.quanyun.shared.web.Htmx;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The public portal (no sign-in): calls, notices with objections and answers, results; filing objections. */
@Controller
@RequestMapping("/portal/calls")
class PortalController {

    private final AuthorizationManagement authorization;

    PortalController(AuthorizationManagement authorization) {
        this.authorization = authorization;
    }

    @GetMapping
    String calls(Model model) {
        model.addAttribute("calls", authorization.publicCalls());
        return "authorization/portal-calls";
    }

    @GetMapping("/{id}")
    String call(@PathVariable UUID id, Model model) {
        var call = authorization.publicCall(id);
        model.addAttribute("call", call);
        if (call.state() == CallState.NOTICE || call.state() == CallState.CONCLUDED && call.noticeEndsAt() != null) {
            model.addAttribute("notice", authorization.notice(id));
        }
        return "authorization/portal-call";
    }

    @PostMapping("/{id}/objections")
    String object(@PathVariable UUID id, @RequestParam(required = false) @Nullable UUID applicationId,
            @RequestParam(required = false) @Nullable String text,
            @RequestParam(required = false) @Nullable String contactName,
            @RequestParam(required = false) @Nullable String contactDetails, RedirectAttributes redirect,
            HttpServletRequest request, HttpServletResponse response) {
        authorization.fileObjection(new FileObjection(id, applicationId, text, contactName, contactDetails));
        redirect.addFlashAttribute("filed", Boolean.TRUE);
        return Htmx.redirect(request, response, "/portal/calls/" + id);
    }
}
