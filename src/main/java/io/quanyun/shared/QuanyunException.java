package io.quanyun.shared;

import static java.util.Objects.requireNonNull;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The one unchecked exception of the platform. It carries a stable {@link ErrorCode}, a detail that is
 * safe to show (it never contains raw public data), the collected {@link Violation}s and, when known, the
 * object it concerns so that the refusal can be audited.
 */
public class QuanyunException extends RuntimeException {

    private final ErrorCode code;
    private final List<Violation> violations;
    private final @Nullable String objectType;
    private final @Nullable String objectId;
    private boolean audited;

    public QuanyunException(ErrorCode code, String detail) {
        this(code, detail, List.of(), null, null);
    }

    public QuanyunException(ErrorCode code, String detail, List<Violation> violations) {
        this(code, detail, violations, null, null);
    }

    public QuanyunException(ErrorCode code, String detail, List<Violation> violations,
            @Nullable String objectType, @Nullable String objectId) {
        super(requireNonNull(detail, "detail is null"));
        this.code = requireNonNull(code, "code is null");
        this.violations = List.copyOf(violations);
        this.objectType = objectType;
        this.objectId = objectId;
    }

    public static QuanyunException notFound(String objectType, Object id) {
        return new QuanyunException(ErrorCode.NOT_FOUND, objectType + " " + id + " does not exist", List.of(),
                objectType, String.valueOf(id));
    }

    public static QuanyunException forbidden(String detail) {
        return new QuanyunException(ErrorCode.FORBIDDEN, detail);
    }

    public static QuanyunException invalid(List<Violation> violations) {
        return new QuanyunException(ErrorCode.VALIDATION_FAILED, "The input is not valid", violations);
    }

    public ErrorCode code() {
        return code;
    }

    public List<Violation> violations() {
        return violations;
    }

    public @Nullable String objectType() {
        return objectType;
    }

    public @Nullable String objectId() {
        return objectId;
    }

    /** Whether the refusal was already written to the audit log by the service that raised it. */
    public boolean audited() {
        return audited;
    }

    public QuanyunException markAudited() {
        this.audited = true;
        return this;
    }
}
