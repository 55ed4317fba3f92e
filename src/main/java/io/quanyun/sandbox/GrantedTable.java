package io.quanyun.sandbox;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A table an operator may query, with the column that identifies the person (the privacy unit).
 * Tables of one grant are joined only on their privacy-unit columns.
 *
 * @param name lower-case SQL identifier, unique in the grant
 * @param columns the granted columns; at least one
 * @param privacyUnitColumn name of the column identifying the person; must be a granted direct identifier
 */
public record GrantedTable(String name, List<GrantedColumn> columns, String privacyUnitColumn) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public GrantedTable {
        name = identifier(name, "table name");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        privacyUnitColumn = identifier(privacyUnitColumn, "privacy unit column");
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("table " + name + " has no columns");
        }
        var names = new HashSet<String>();
        for (GrantedColumn column : columns) {
            if (!names.add(column.name())) {
                throw new IllegalArgumentException("duplicate column " + column.name() + " in " + name);
            }
        }
        String unit = privacyUnitColumn;
        GrantedColumn unitColumn = columns.stream().filter(c -> c.name().equals(unit)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("privacy unit column " + unit + " is not granted"));
        if (unitColumn.role() != DisclosureRole.DIRECT_IDENTIFIER) {
            throw new IllegalArgumentException("privacy unit column " + unit + " must be a direct identifier");
        }
    }

    /** The column of this name, if granted. */
    public Optional<GrantedColumn> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    /** Position of the privacy unit column in {@link #columns()}. */
    public int privacyUnitIndex() {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(privacyUnitColumn)) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    static String identifier(String value, String what) {
        requireNonNull(value, what + " is null");
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be a lower-case SQL identifier");
        }
        return value;
    }
}
