package io.quanyun.shared;

import static java.util.Objects.requireNonNull;

/** One failed check of an input: which field, and what is wrong with it (never the offending value). */
public record Violation(String field, String message) {
    public Violation {
        requireNonNull(field, "field is null");
        requireNonNull(message, "message is null");
    }
}
