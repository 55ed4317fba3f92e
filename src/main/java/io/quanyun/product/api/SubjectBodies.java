package io.quanyun.product.api;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Violation;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the small JSON bodies of the data subject's channel strictly: at most {@link #MAX_BYTES} bytes (a larger
 * declared length is refused before reading, a longer stream after {@code MAX_BYTES + 1} bytes), a JSON object,
 * only the fields the endpoint knows, each of its type. Every problem of the fields is reported together; nothing is
 * stored before the body passed. Codes: {@code body_too_large} (413), {@code malformed_request} (not JSON, not an
 * object, empty), {@code validation_failed} with one error per unknown or mistyped field.
 */
final class SubjectBodies {

    /** Far above any valid body of the channel (a few hundred bytes). */
    static final int MAX_BYTES = 4096;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode root;
    private final List<Violation> problems = new ArrayList<>();

    private SubjectBodies(JsonNode root, Set<String> fields) {
        this.root = root;
        for (String name : root.propertyNames()) {
            if (!fields.contains(name)) {
                problems.add(new Violation(name.length() > 64 ? name.substring(0, 64) : name,
                        "未知字段 (unknown field)"));
            }
        }
    }

    /** Reads the request's body as a JSON object with only {@code fields}. */
    static SubjectBodies read(HttpServletRequest request, Set<String> fields) {
        if (request.getContentLengthLong() > MAX_BYTES) {
            throw tooLarge();
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw malformed("The request body could not be read");
        }
        if (body.length > MAX_BYTES) {
            throw tooLarge();
        }
        JsonNode root;
        try {
            root = body.length == 0 ? null : JSON.readTree(body);
        } catch (JacksonException e) {
            throw malformed("The request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw malformed("The request body must be a JSON object");
        }
        return new SubjectBodies(root, fields);
    }

    /** A string field, or null when absent or null; a violation when of another type. */
    @Nullable String text(String field, int maxLength) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString() || node.asString().length() > maxLength) {
            problems.add(new Violation(field, "须为字符串，最多" + maxLength + "字 (a string of at most " + maxLength
                    + " characters)"));
            return null;
        }
        return node.asString();
    }

    /** A UUID field (a string), or null when absent or null; a violation when of another type or form. */
    @Nullable UUID uuid(String field) {
        String text = text(field, 36);
        if (text == null) {
            return null;
        }
        try {
            if (text.length() == 36) {
                return UUID.fromString(text);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        problems.add(new Violation(field, "须为UUID (a UUID is required)"));
        return null;
    }

    /** An ISO-8601 instant field (a string), or null when absent or null; a violation when of another type or form. */
    @Nullable Instant instant(String field) {
        String text = text(field, 40);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            problems.add(new Violation(field, "须为ISO-8601时间，如 2027-01-01T00:00:00Z (an ISO-8601 instant is required)"));
            return null;
        }
    }

    /** Refuses the body with every problem found so far; nothing was stored. */
    void check() {
        if (!problems.isEmpty()) {
            throw QuanyunException.invalid(problems);
        }
    }

    private static QuanyunException tooLarge() {
        return new QuanyunException(ErrorCode.BODY_TOO_LARGE, "The request body is larger than " + MAX_BYTES + " bytes");
    }

    private static QuanyunException malformed(String detail) {
        return new QuanyunException(ErrorCode.MALFORMED_REQUEST, detail,
                List.of(new Violation("body", "须为JSON对象 (a JSON object is required)")));
    }
}
