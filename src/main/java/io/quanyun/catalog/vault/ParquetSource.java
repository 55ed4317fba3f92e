package io.quanyun.catalog.vault;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a Parquet file against the schema with DuckDB (column names in order, compatible
 * types, required values present, values that fit) and rewrites it as the vault's Parquet
 * file with the schema's storage types. Row numbers in errors are 1-based file rows.
 */
final class ParquetSource {

    private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),\\s*(\\d+)\\)");
    private static final List<String> INTEGERS = List.of(
            "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT");

    private ParquetSource() {
    }

    /** @return the number of rows written, or -1 when errors were reported to the checker */
    static long convert(Connection connection, Path source, DatasetSchema schema, RowChecker checker, int maxErrors,
            Path output) throws SQLException {
        String read = "read_parquet(" + DuckDb.literal(source.toString()) + ", file_row_number = true)";
        List<String> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet columns = statement.executeQuery("DESCRIBE SELECT * FROM " + read)) {
            while (columns.next()) {
                names.add(columns.getString("column_name"));
                types.add(columns.getString("column_type").toUpperCase(Locale.ROOT));
            }
        } catch (SQLException e) {
            checker.fatal(new IngestionError(0, null, VaultError.MALFORMED, "the file is not a readable Parquet file"));
            return -1;
        }
        names.remove(names.size() - 1); // file_row_number
        types.remove(types.size() - 1);
        if (!checker.acceptHeader(0, names.size(), names::get)) {
            return -1;
        }
        List<String> checks = new ArrayList<>();
        for (int index = 0; index < schema.size(); index++) {
            FieldSpec field = schema.fields().get(index);
            if (!compatible(field.type(), types.get(index))) {
                checker.fatal(new IngestionError(0, field.name(), VaultError.TYPE_ERROR,
                        "the column has type " + types.get(index) + ", which does not fit " + field.type()));
                continue;
            }
            String column = DuckDb.identifier(field.name());
            checks.add((field.nullable() ? "false" : column + " IS NULL") + " AS missing_" + index);
            checks.add(column + " IS NOT NULL AND TRY_CAST(" + column + " AS " + field.type().storageType() + ") IS NULL AS invalid_" + index);
        }
        if (!checker.errors().isEmpty()) {
            return -1;
        }
        String anyViolation = java.util.stream.IntStream.range(0, schema.size())
                .mapToObj(index -> "missing_" + index + " OR invalid_" + index)
                .collect(Collectors.joining(" OR "));
        String violations = "SELECT * FROM (SELECT file_row_number, " + String.join(", ", checks) + " FROM " + read
                + ") WHERE " + anyViolation + " ORDER BY file_row_number LIMIT " + maxErrors;
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(violations)) {
            while (rows.next()) {
                long line = rows.getLong("file_row_number") + 1;
                for (int index = 0; index < schema.size(); index++) {
                    String name = schema.fields().get(index).name();
                    if (rows.getBoolean("missing_" + index)) {
                        checker.fatal(new IngestionError(line, name, VaultError.MISSING_VALUE, "a value is required"));
                    }
                    if (rows.getBoolean("invalid_" + index)) {
                        checker.fatal(new IngestionError(line, name, VaultError.TYPE_ERROR,
                                "the value does not fit " + schema.fields().get(index).type().storageType()));
                    }
                }
            }
        }
        if (!checker.errors().isEmpty()) {
            return -1;
        }
        String projection = schema.fields().stream()
                .map(field -> "CAST(" + DuckDb.identifier(field.name()) + " AS " + field.type().storageType() + ") AS "
                        + DuckDb.identifier(field.name()))
                .collect(Collectors.joining(", "));
        try (Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT " + projection + " FROM read_parquet(" + DuckDb.literal(source.toString())
                    + ")) TO " + DuckDb.literal(output.toString()) + " (FORMAT parquet, COMPRESSION zstd)");
        }
        try (Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT count(*) FROM read_parquet(" + DuckDb.literal(output.toString()) + ")")) {
            count.next();
            return count.getLong(1);
        }
    }

    static boolean compatible(FieldType type, String sourceType) {
        return switch (type) {
            case STRING -> sourceType.equals("VARCHAR");
            case INTEGER -> INTEGERS.contains(sourceType);
            case DECIMAL -> INTEGERS.contains(sourceType) || decimalFits(sourceType);
            case DATE -> sourceType.equals("DATE");
            case TIMESTAMP -> sourceType.equals("TIMESTAMP") || sourceType.equals("TIMESTAMP_S")
                    || sourceType.equals("TIMESTAMP_MS") || sourceType.equals("TIMESTAMP_NS");
            case BOOLEAN -> sourceType.equals("BOOLEAN");
        };
    }

    private static boolean decimalFits(String sourceType) {
        Matcher matcher = DECIMAL.matcher(sourceType);
        return matcher.matches() && Integer.parseInt(matcher.group(2)) <= FieldType.DECIMAL_SCALE;
    }
}
