package io.quanyun.sandbox.policy;

import io.quanyun.sandbox.ColumnType;
import io.quanyun.sandbox.DisclosureRole;
import org.jspecify.annotations.Nullable;

/**
 * Where a field of a plan node comes from: the strictest disclosure role of the columns it was
 * computed from, whether it is the privacy unit, and, when it is a bare column (or a plain cast of
 * one), that column.
 *
 * @param role strictest role of its sources; literals are plain attributes
 * @param unit whether the field is the privacy unit column itself
 * @param table source table of a bare column, else null
 * @param column source column of a bare column, else null
 * @param type source column type of a bare column, else null
 */
record FieldOrigin(DisclosureRole role, boolean unit, @Nullable String table, @Nullable String column,
        @Nullable ColumnType type) {

    static final FieldOrigin CONSTANT = new FieldOrigin(DisclosureRole.PLAIN_ATTRIBUTE, false, null, null, null);

    static FieldOrigin computed(DisclosureRole role) {
        return new FieldOrigin(role, false, null, null, null);
    }

    boolean isBareColumn() {
        return column != null;
    }

    boolean isDirectIdentifier() {
        return role == DisclosureRole.DIRECT_IDENTIFIER;
    }
}
