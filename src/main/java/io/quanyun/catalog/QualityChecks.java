package io.quanyun.catalog;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.quanyun.catalog.vault.FieldProfile;
import io.quanyun.catalog.vault.QualityProfile;

/**
 * Validity, uniqueness and public ranges of one version, computed by DuckDB over its decrypted Parquet file in
 * memory-backed scratch space. Only aggregates leave the query. The connection is locked down to that one file
 * before the query runs, and DuckDB's messages (which may quote values) are never passed on.
 */
final class QualityChecks {

    private static final String ID_WEIGHTS = "7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2";
    private static final int[] CREDIT_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    private static final String CREDIT_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private QualityChecks() {
    }

    static VersionQuality check(Path parquet, DatasetDescriptor dataset, QualityProfile profile, LocalDate today) {
        List<String> expressions = new ArrayList<>();
        for (FieldDescriptor field : dataset.fields()) {
            String column = identifier(field.name());
            FieldRules rules = field.rules();
            if (!rules.declaresNone()) {
                expressions.add("count(*) FILTER (WHERE " + column + " IS NOT NULL AND NOT coalesce("
                        + valid(rules, column, field.type(), today) + ", false))");
            }
            if (field.privacyUnit()) {
                expressions.add("count(" + column + ") - count(DISTINCT " + column + ")");
            }
            if (showsRange(field)) {
                boolean years = field.disclosureRole() == DisclosureRole.QUASI_IDENTIFIER;
                String value = years ? "year(" + column + ")" : column;
                expressions.add("CAST(min(" + value + ") AS VARCHAR)");
                expressions.add("CAST(max(" + value + ") AS VARCHAR)");
            }
        }
        List<FieldQuality> fields = new ArrayList<>();
        try (Connection connection = lockedDown(parquet); Statement statement = connection.createStatement()) {
            ResultSet result = expressions.isEmpty() ? null
                    : statement.executeQuery("SELECT " + String.join(", ", expressions) + " FROM read_parquet("
                            + literal(parquet.toString()) + ")");
            if (result != null) {
                result.next();
            }
            int column = 1;
            long rows = profile.rowCount();
            for (FieldDescriptor field : dataset.fields()) {
                FieldProfile figures = profile.field(field.name()).orElseThrow();
                FieldRules rules = field.rules();
                Long invalid = null;
                Double validity = null;
                if (!rules.declaresNone()) {
                    invalid = result.getLong(column++);
                    long present = rows - figures.nullCount();
                    validity = present == 0 ? 1.0 : (double) (present - invalid) / present;
                }
                Long duplicates = field.privacyUnit() ? result.getLong(column++) : null;
                String minimum = null;
                String maximum = null;
                if (showsRange(field)) {
                    minimum = result.getString(column++);
                    maximum = result.getString(column++);
                }
                fields.add(new FieldQuality(field.name(), figures.nullCount(), figures.completeness(rows),
                        figures.distinctCount(), figures.distinctExact(), rules.check(), invalid, validity, duplicates,
                        minimum, maximum, rules.declaresNone() ? null : rules.summary()));
            }
            if (result != null) {
                result.close();
            }
        } catch (SQLException e) {
            // DuckDB's message may quote a value: only say that it failed
            throw new IllegalStateException("the quality checks of " + dataset.code() + " failed in DuckDB");
        }
        return new VersionQuality(profile.rowCount(), fields);
    }

    /**
     * A range is public for plain attributes, and as years for quasi-identifying dates; never for direct
     * identifiers and sensitive attributes (their extremes belong to single people).
     */
    static boolean showsRange(FieldDescriptor field) {
        boolean ordered = switch (field.type()) {
            case "INTEGER", "DECIMAL", "DATE", "TIMESTAMP" -> true;
            default -> false;
        };
        boolean dates = "DATE".equals(field.type()) || "TIMESTAMP".equals(field.type());
        return ordered && (field.disclosureRole() == DisclosureRole.PLAIN_ATTRIBUTE
                || (field.disclosureRole() == DisclosureRole.QUASI_IDENTIFIER && dates));
    }

    /** All declared rules of a field as one DuckDB condition (each rule must hold). */
    static String valid(FieldRules rules, String column, String type, LocalDate today) {
        List<String> conditions = new ArrayList<>();
        if (rules.check() != null) {
            conditions.add(valid(rules.check(), column, type, today));
        }
        if (rules.pattern() != null) {
            conditions.add("regexp_full_match(" + column + ", " + literal(rules.pattern()) + ")");
        }
        boolean dated = "DATE".equals(type) || "TIMESTAMP".equals(type);
        if (rules.minimum() != null) {
            conditions.add((dated ? "CAST(" + column + " AS DATE)" : column) + " >= " + bound(rules.minimum(), dated, today));
        }
        if (rules.maximum() != null) {
            conditions.add((dated ? "CAST(" + column + " AS DATE)" : column) + " <= " + bound(rules.maximum(), dated, today));
        }
        if (!rules.allowedValues().isEmpty()) {
            conditions.add(column + " IN (" + String.join(", ", rules.allowedValues().stream()
                    .map(QualityChecks::literal).toList()) + ")");
        }
        return "(" + String.join(" AND ", conditions) + ")";
    }

    /** A checked bound (see {@code CatalogManagement.checkRules}): a number, a date, or {@code today}. */
    private static String bound(String value, boolean dated, LocalDate today) {
        if (dated) {
            return "DATE '" + ("today".equals(value) ? today : LocalDate.parse(value)) + "'";
        }
        return new java.math.BigDecimal(value).toPlainString();
    }

    private static String valid(ValidityRule rule, String column, String type, LocalDate today) {
        return switch (rule) {
            case ID_CARD_NUMBER -> idCardValid(column);
            case CREDIT_CODE -> creditCodeValid(column);
            case PHONE -> "regexp_full_match(" + column + ", '1[3-9][0-9]{9}|0531-?[0-9]{8}')";
            case GENDER -> column + " IN ('男', '女')";
            case DATE_RANGE -> "INTEGER".equals(type)
                    ? column + " BETWEEN 1900 AND " + today.getYear()
                    : "CAST(" + column + " AS DATE) BETWEEN DATE '1900-01-01' AND DATE '" + today + "'";
        };
    }

    /** GB 11643: 17 digits, then the check character of sum(digit * weight) mod 11 in "10X98765432". */
    static String idCardValid(String column) {
        String[] weights = ID_WEIGHTS.split(",");
        StringBuilder sum = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            sum.append(i == 0 ? "" : " + ").append(weights[i]).append(" * TRY_CAST(substr(").append(column)
                    .append(", ").append(i + 1).append(", 1) AS INTEGER)");
        }
        return "(regexp_full_match(" + column + ", '[0-9]{17}[0-9X]') AND substr('10X98765432', ((" + sum
                + ") % 11) + 1, 1) = substr(" + column + ", 18, 1))";
    }

    /** GB 32100: 18 characters of the code set; the last is the check over the first seventeen. */
    static String creditCodeValid(String column) {
        StringBuilder sum = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            sum.append(i == 0 ? "" : " + ").append(CREDIT_WEIGHTS[i]).append(" * (instr('").append(CREDIT_CHARACTERS)
                    .append("', substr(").append(column).append(", ").append(i + 1).append(", 1)) - 1)");
        }
        return "(regexp_full_match(" + column + ", '[0-9A-HJ-NPQRTUW-Y]{18}') AND substr('" + CREDIT_CHARACTERS
                + "', ((31 - ((" + sum + ") % 31)) % 31) + 1, 1) = substr(" + column + ", 18, 1))";
    }

    /** A fresh DuckDB that may read exactly one file, loads no extension and cannot be reconfigured. */
    static Connection lockedDown(Path parquet) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET allowed_paths = [" + literal(parquet.toString()) + "]");
            statement.execute("SET autoinstall_known_extensions = false");
            statement.execute("SET autoload_known_extensions = false");
            statement.execute("SET allow_community_extensions = false");
            statement.execute("SET memory_limit = '2GB'");
            statement.execute("SET threads = 2");
            // spilling would write plaintext: keep it in memory or fail
            statement.execute("SET max_temp_directory_size = '0B'");
            statement.execute("SET enable_external_access = false");
            statement.execute("SET lock_configuration = true");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
