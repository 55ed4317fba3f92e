package io.quanyun.shared;

import java.util.ArrayList;
import java.util.List;

/** Collects validation failures so that they are reported together. */
public final class Violations {

    private final List<Violation> list = new ArrayList<>();

    public static Violations create() {
        return new Violations();
    }

    public Violations check(boolean condition, String field, String message) {
        if (!condition) {
            list.add(new Violation(field, message));
        }
        return this;
    }

    public Violations add(String field, String message) {
        list.add(new Violation(field, message));
        return this;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** Throws {@link ErrorCode#VALIDATION_FAILED} with every collected violation, if there is one. */
    public void throwIfAny() {
        if (!list.isEmpty()) {
            throw QuanyunException.invalid(list);
        }
    }

    public List<Violation> list() {
        return List.copyOf(list);
    }
}
