package io.quanyun.shared.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.ProblemDetail;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.Violation;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Builds the platform's problem+json documents: {@code type = urn:quanyun:error:<code>}, a Chinese or English
 * title after the request's language, the detail, the stable {@code code} and the {@code errors[]}.
 */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(ErrorCode code, String detail, HttpServletRequest request) {
        return of(code, detail, List.of(), request);
    }

    public static ProblemDetail of(ErrorCode code, String detail, List<Violation> violations,
            HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), detail);
        problem.setType(URI.create(code.type()));
        problem.setTitle(english(request) ? code.titleEn() : code.titleZh());
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("code", code.code());
        problem.setProperty("errors", violations.stream()
                .map(v -> Map.of("field", v.field(), "message", v.message())).toList());
        return problem;
    }

    /**
     * Whether the request asked for English: by {@code ?lang=en}, by the console's language cookie, or by
     * an {@code Accept-Language} that starts with English. The platform speaks Chinese first.
     */
    public static boolean english(HttpServletRequest request) {
        String parameter = request.getParameter("lang");
        if (parameter != null) {
            return parameter.toLowerCase(Locale.ROOT).startsWith("en");
        }
        if (request.getCookies() != null) {
            for (var cookie : request.getCookies()) {
                if ("quanyun_lang".equals(cookie.getName())) {
                    return cookie.getValue().toLowerCase(Locale.ROOT).startsWith("en");
                }
            }
        }
        String header = request.getHeader("Accept-Language");
        return header != null && header.trim().toLowerCase(Locale.ROOT).startsWith("en");
    }

    /** A compact JSON rendering, for filters that write the response themselves. */
    public static String toJson(ProblemDetail problem) {
        StringBuilder json = new StringBuilder("{");
        field(json, "type", String.valueOf(problem.getType()));
        field(json, "title", problem.getTitle());
        json.append("\"status\":").append(problem.getStatus()).append(',');
        field(json, "detail", problem.getDetail());
        field(json, "instance", String.valueOf(problem.getInstance()));
        Map<String, Object> properties = problem.getProperties();
        field(json, "code", properties == null ? "" : String.valueOf(properties.get("code")));
        json.append("\"errors\":[]}");
        return json.toString();
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":\"");
        if (value != null) {
            for (char c : value.toCharArray()) {
                if (c == '"' || c == '\\') {
                    json.append('\\').append(c);
                } else if (c < 0x20) {
                    json.append(String.format("\\u%04x", (int) c));
                } else {
                    json.append(c);
                }
            }
        }
        json.append("\",");
    }
}
