package io.quanyun.authorization;

import static java.util.Objects.requireNonNull;

import org.springframework.data.relational.core.mapping.Table;

/**
 * A review criterion of a call with its weight; the weights of a call sum to 100.
 *
 * @param code a short stable key ({@code C1}, {@code C2}, ...) assigned in order
 */
@Table("call_criterion")
public record Criterion(String code, String name, int weight) {
    public Criterion {
        requireNonNull(code, "code is null");
        requireNonNull(name, "name is null");
    }
}
