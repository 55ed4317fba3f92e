package io.quanyun.catalog.vault;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Computes a version's quality profile with DuckDB over its plaintext Parquet file, before it
 * is encrypted: null and distinct counts per field (exact up to {@value #EXACT_DISTINCT_LIMIT}
 * rows, HyperLogLog beyond), and minimum and maximum of ordered fields that are not identifiers.
 */
final class QualityProfiler {

    static final long EXACT_DISTINCT_LIMIT = 100_000;

    private QualityProfiler() {
    }

    static QualityProfile profile(Connection connection, Path parquet, DatasetSchema schema, Set<String> identifierFields)
            throws SQLException {
        String table = "read_parquet(" + DuckDb.literal(parquet.toString()) + ")";
        long rowCount;
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
            result.next();
            rowCount = result.getLong(1);
        }
        boolean exact = rowCount <= EXACT_DISTINCT_LIMIT;
        List<String> expressions = new ArrayList<>();
        for (FieldSpec field : schema.fields()) {
            String column = DuckDb.identifier(field.name());
            expressions.add("count(" + column + ")");
            expressions.add(exact ? "count(DISTINCT " + column + ")" : "approx_count_distinct(" + column + ")");
            if (withRange(field, identifierFields)) {
                expressions.add("CAST(min(" + column + ") AS VARCHAR)");
                expressions.add("CAST(max(" + column + ") AS VARCHAR)");
            }
        }
        List<FieldProfile> profiles = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT " + String.join(", ", expressions) + " FROM " + table)) {
            result.next();
            int column = 1;
            for (FieldSpec field : schema.fields()) {
                long nonNull = result.getLong(column++);
                long distinct = result.getLong(column++);
                String minimum = null;
                String maximum = null;
                if (withRange(field, identifierFields)) {
                    minimum = result.getString(column++);
                    maximum = result.getString(column++);
                }
                profiles.add(new FieldProfile(field.name(), rowCount - nonNull, distinct, exact, minimum, maximum));
            }
        }
        return new QualityProfile(rowCount, profiles);
    }

    private static boolean withRange(FieldSpec field, Set<String> identifierFields) {
        return field.type().isOrdered() && !identifierFields.contains(field.name());
    }
}
