package io.quanyun.sandbox;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * A column of a granted table with its type and disclosure role.
 *
 * @param name lower-case SQL identifier
 * @param type the column type
 * @param role how the column may be used
 */
public record GrantedColumn(String name, ColumnType type, DisclosureRole role) {

    public GrantedColumn {
        name = GrantedTable.identifier(name, "column name");
        requireNonNull(type, "type is null");
        requireNonNull(role, "role is null");
    }

    /** Shorthand factory. */
    public static GrantedColumn of(String name, ColumnType type, DisclosureRole role) {
        return new GrantedColumn(name.toLowerCase(Locale.ROOT), type, role);
    }
}
