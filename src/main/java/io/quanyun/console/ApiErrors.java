package io.quanyun.console;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Violation;
import io.quanyun.shared.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The one place where errors are rendered. Under {@code /api/} an error becomes problem+json; in the console
 * it becomes a readable page, or for an htmx request the message fragment, with the same stable code. Engine
 * and framework messages never reach the client: a malformed body is named as such, an unexpected failure is
 * an {@code internal_error} with a reference to the log. It also answers requests that found no handler
 * (wrong media type, unknown path).
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private final RefusalRecorder refusals;

    ApiErrors(RefusalRecorder refusals) {
        this.refusals = refusals;
    }

    @ExceptionHandler(QuanyunException.class)
    Object platform(QuanyunException e, HttpServletRequest request, HttpServletResponse response) {
        refusals.record(e, request);
        return respond(e.code(), e.getMessage(), e.violations(), request, response);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    Object unreadable(HttpMessageNotReadableException e, HttpServletRequest request, HttpServletResponse response) {
        return respond(ErrorCode.MALFORMED_REQUEST, "The request body is not valid JSON of the expected shape",
                List.of(), request, response);
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    Object badParameter(Exception e, HttpServletRequest request, HttpServletResponse response) {
        String name = e instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
                : ((MissingServletRequestParameterException) e).getParameterName();
        return respond(ErrorCode.VALIDATION_FAILED, "A parameter is missing or malformed",
                List.of(new Violation(name, "格式不正确或缺失 (missing or malformed)")), request, response);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    Object mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request, HttpServletResponse response) {
        return respond(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send application/json", List.of(), request, response);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    Object method(HttpRequestMethodNotSupportedException e, HttpServletRequest request, HttpServletResponse response) {
        return respond(ErrorCode.MALFORMED_REQUEST, "Method " + e.getMethod() + " is not supported here", List.of(),
                request, response);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    Object noResource(NoResourceFoundException e, HttpServletRequest request, HttpServletResponse response) {
        return respond(ErrorCode.NOT_FOUND, "No such page or endpoint", List.of(), request, response);
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    Object tooLarge(MaxUploadSizeExceededException e, HttpServletRequest request, HttpServletResponse response) {
        return respond(ErrorCode.VALIDATION_FAILED, "The upload is larger than allowed", List.of(), request, response);
    }

    @ExceptionHandler(AccessDeniedException.class)
    Object denied(AccessDeniedException e, HttpServletRequest request, HttpServletResponse response) {
        refusals.record(QuanyunException.forbidden("access denied"), request);
        return respond(ErrorCode.FORBIDDEN, "You are not allowed to do this", List.of(), request, response);
    }

    @ExceptionHandler(org.springframework.dao.OptimisticLockingFailureException.class)
    Object concurrent(Exception e, HttpServletRequest request, HttpServletResponse response) {
        return respond(ErrorCode.CONCURRENT_MODIFICATION, ErrorCode.CONCURRENT_MODIFICATION.titleEn(), List.of(),
                request, response);
    }

    @ExceptionHandler(Exception.class)
    Object unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) {
        String reference = UUID.randomUUID().toString();
        log.error("Unexpected error {} on {} {}", reference, request.getMethod(), request.getRequestURI(), e);
        return respond(ErrorCode.INTERNAL_ERROR, "Internal error; reference " + reference, List.of(), request,
                response);
    }

    private static Object respond(ErrorCode code, String detail, List<Violation> violations,
            HttpServletRequest request, HttpServletResponse response) {
        if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            return ResponseEntity.status(code.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.of(code, detail, violations, request));
        }
        boolean htmx = "true".equals(request.getHeader("HX-Request"));
        ModelAndView view = new ModelAndView(htmx ? "console/fragments :: problem" : "console/problem");
        view.addObject("code", code.code());
        view.addObject("title", Problems.english(request) ? code.titleEn() : code.titleZh());
        view.addObject("detail", detail);
        view.addObject("errors", violations);
        // htmx swaps only successful responses: the fragment goes into the page's message area
        view.setStatus(htmx ? org.springframework.http.HttpStatus.OK : code.status());
        if (htmx) {
            response.setHeader("HX-Retarget", "#messages");
            response.setHeader("HX-Reswap", "innerHTML");
        }
        return view;
    }
}
