package io.quanyun.sandbox;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * The demo dataset of the sandbox tests, written to Parquet with DuckDB (on a connection that is
 * not locked down, before any query runs).
 *
 * <p>{@code person}: 2,000 people in 10 districts. 平阴县 has 3 people (below k). 莱芜区 has 12
 * people, one of whom (the "whale", {@link #WHALE_ID}) earns 5,000,000 a year while the others earn
 * 50,000. The remaining 1,985 people are spread over 8 districts by {@code i % 8}. {@code income}:
 * one row per person for each of 2022, 2023 and 2024.
 */
public final class DemoData {

    /** The tiny district (3 people). */
    public static final String TINY_DISTRICT = "平阴县";

    /** The district where one person dominates the income. */
    public static final String WHALE_DISTRICT = "莱芜区";

    /** The id number of the dominating person. */
    public static final String WHALE_ID = "370100000000000003";

    /** The eight large districts. */
    public static final List<String> LARGE_DISTRICTS =
            List.of("历下区", "市中区", "槐荫区", "天桥区", "历城区", "长清区", "章丘区", "济阳区");

    /** Number of people. */
    public static final int PEOPLE = 2000;

    private DemoData() {
    }

    /** Writes {@code person.parquet} and {@code income.parquet} into the directory. */
    public static Map<String, Path> write(Path directory) {
        Path person = directory.resolve("person.parquet").toAbsolutePath();
        Path income = directory.resolve("income.parquet").toAbsolutePath();
        String districts = "['" + String.join("','", LARGE_DISTRICTS) + "']";
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE person AS SELECT "
                    + "'3701' || lpad(CAST(i AS VARCHAR), 14, '0') AS id_no, "
                    + "'张' || CAST(i AS VARCHAR) AS name, "
                    + "'138' || lpad(CAST(i AS VARCHAR), 8, '0') AS phone, "
                    + "'经十路' || CAST(i AS VARCHAR) || '号' AS address, "
                    + "DATE '1950-01-01' + CAST((i * 37) % 20000 AS INTEGER) AS birth_date, "
                    + "CASE WHEN i % 2 = 0 THEN '男' ELSE '女' END AS gender, "
                    + "CASE WHEN i < 3 THEN '" + TINY_DISTRICT + "' WHEN i < 15 THEN '" + WHALE_DISTRICT + "' "
                    + "ELSE " + districts + "[1 + i % 8] END AS district "
                    + "FROM range(" + PEOPLE + ") t(i)");
            statement.execute("CREATE TABLE income AS SELECT p.id_no, y.tax_year, "
                    + "CAST(CASE WHEN p.id_no = '" + WHALE_ID + "' THEN 5000000 "
                    + "WHEN p.district = '" + WHALE_DISTRICT + "' THEN 50000 "
                    + "ELSE 30000 + (CAST(substr(p.id_no, 5) AS BIGINT) * 7919 + y.tax_year * 13) % 170000 END AS BIGINT) AS amount "
                    + "FROM person p CROSS JOIN (SELECT CAST(range AS BIGINT) AS tax_year FROM range(2022, 2025)) y");
            statement.execute("COPY person TO '" + person + "' (FORMAT parquet)");
            statement.execute("COPY income TO '" + income + "' (FORMAT parquet)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("person", person, "income", income);
    }

    /** The demo tables with their disclosure roles; id_no is the privacy unit. */
    public static List<GrantedTable> tables() {
        return List.of(
                new GrantedTable("person", List.of(
                        GrantedColumn.of("id_no", ColumnType.TEXT, DisclosureRole.DIRECT_IDENTIFIER),
                        GrantedColumn.of("name", ColumnType.TEXT, DisclosureRole.DIRECT_IDENTIFIER),
                        GrantedColumn.of("phone", ColumnType.TEXT, DisclosureRole.DIRECT_IDENTIFIER),
                        GrantedColumn.of("address", ColumnType.TEXT, DisclosureRole.DIRECT_IDENTIFIER),
                        GrantedColumn.of("birth_date", ColumnType.DATE, DisclosureRole.QUASI_IDENTIFIER),
                        GrantedColumn.of("gender", ColumnType.TEXT, DisclosureRole.QUASI_IDENTIFIER),
                        GrantedColumn.of("district", ColumnType.TEXT, DisclosureRole.QUASI_IDENTIFIER)),
                        "id_no"),
                new GrantedTable("income", List.of(
                        GrantedColumn.of("id_no", ColumnType.TEXT, DisclosureRole.DIRECT_IDENTIFIER),
                        GrantedColumn.of("tax_year", ColumnType.INTEGER, DisclosureRole.PLAIN_ATTRIBUTE),
                        GrantedColumn.of("amount", ColumnType.INTEGER, DisclosureRole.SENSITIVE_ATTRIBUTE)),
                        "id_no"));
    }

    /** Clamp bounds of the demo measures. */
    public static Map<String, Clamp> bounds() {
        return Map.of("income.amount", Clamp.of(0, 10_000_000), "income.tax_year", Clamp.of(2000, 2100));
    }

    /** A threshold grant with k = 10. */
    public static SandboxGrant thresholdGrant() {
        return new SandboxGrant("grant-threshold", tables(), SandboxPolicy.threshold(bounds()));
    }

    /** A differential privacy grant: epsilon 1 per query, 3 in total, 3 rows per person. */
    public static SandboxGrant differentialPrivacyGrant(String grantId) {
        return new SandboxGrant(grantId, tables(), SandboxPolicy.differentialPrivacy(
                Map.of("income.amount", Clamp.of(0, 200_000)), BigDecimal.ONE, new BigDecimal("3"), 3));
    }
}
