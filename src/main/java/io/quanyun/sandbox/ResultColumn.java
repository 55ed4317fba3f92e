package io.quanyun.sandbox;

import static java.util.Objects.requireNonNull;

/**
 * A column of a released result.
 *
 * @param name the column name the analyst chose (or the engine's default)
 * @param type SQL type name, for example {@code BIGINT}, {@code VARCHAR}, {@code DOUBLE}
 */
public record ResultColumn(String name, String type) {

    public ResultColumn {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }
}
