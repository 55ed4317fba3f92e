package io.quanyun.console;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Console pages: a refusal becomes a readable message. An htmx request gets the message fragment, a full
 * request the error page; both carry the same stable code as the API.
 */
@ControllerAdvice(annotations = Controller.class)
class ConsoleErrors {

    private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);

    private final RefusalRecorder refusals;

    ConsoleErrors(RefusalRecorder refusals) {
        this.refusals = refusals;
    }

    @ExceptionHandler(QuanyunException.class)
    ModelAndView platform(QuanyunException e, HttpServletRequest request, HttpServletResponse response) {
        refusals.record(e, request);
        return page(e.code(), e.getMessage(), e.violations(), request, response);
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) throws Exception {
        if (e instanceof org.springframework.security.access.AccessDeniedException
                || e instanceof org.springframework.web.servlet.resource.NoResourceFoundException) {
            throw e;
        }
        String reference = java.util.UUID.randomUUID().toString();
        log.error("Unexpected error {} on {} {}", reference, request.getMethod(), request.getRequestURI(), e);
        return page(ErrorCode.INTERNAL_ERROR, "reference " + reference, java.util.List.of(), request, response);
    }

    private static ModelAndView page(ErrorCode code, String detail, java.util.List<io.quanyun.shared.Violation> errors,
            HttpServletRequest request, HttpServletResponse response) {
        boolean htmx = "true".equals(request.getHeader("HX-Request"));
        ModelAndView view = new ModelAndView(htmx ? "console/fragments :: problem" : "console/problem");
        view.addObject("code", code.code());
        view.addObject("title", Problems.english(request) ? code.titleEn() : code.titleZh());
        view.addObject("detail", detail);
        view.addObject("errors", errors);
        // htmx swaps only 2xx responses by default; the fragment is marked as an error for the client
        response.setStatus(htmx ? 200 : code.status().value());
        if (htmx) {
            response.setHeader("HX-Retarget", "#messages");
            response.setHeader("HX-Reswap", "innerHTML");
        }
        return view;
    }
}
