package io.quanyun.identity.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.http.ProblemDetail;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Writes a problem+json body from a security filter, where no controller advice runs. */
final class ProblemWriter {

    private ProblemWriter() {
    }

    static void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail)
            throws IOException {
        ProblemDetail problem = Problems.of(code, detail, request);
        response.setStatus(code.status().value());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(Problems.toJson(problem));
    }
}
