package io.quanyun.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanyun.sandbox.engine.DuckDbEngine;
import io.quanyun.sandbox.engine.DuckDbSettings;
import io.quanyun.sandbox.privacy.RandomSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Analyses an operator legitimately runs return correct values in threshold mode. */
class LegitimateQueryTests {

    static Map<String, Path> files;

    @BeforeAll
    static void writeDemoData(@TempDir Path directory) {
        files = DemoData.write(directory);
    }

    final SandboxQueries sandbox = new SandboxQueries(new DuckDbEngine(DuckDbSettings.defaults()),
            RandomSource.of(new DeterministicSecureRandom(7)));

    QueryResult run(String sql) {
        return sandbox.run(QueryRequest.of(DemoData.thresholdGrant(), files, sql));
    }

    /** The truth, computed directly on the Parquet files by an unprotected connection. */
    static Map<Object, Object> truth(String sql) {
        var result = new HashMap<Object, Object>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE VIEW person AS SELECT * FROM read_parquet('" + files.get("person") + "')");
            statement.execute("CREATE VIEW income AS SELECT * FROM read_parquet('" + files.get("income") + "')");
            try (ResultSet rows = statement.executeQuery(sql)) {
                while (rows.next()) {
                    result.put(rows.getObject(1), rows.getObject(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return result;
    }

    @Test
    void countPerDistrict_equalsTheTruthForLargeDistricts() {
        QueryResult result = run("SELECT district, COUNT(*) AS people FROM person GROUP BY district");
        Map<Object, Object> truth = truth("SELECT district, COUNT(*) FROM person GROUP BY district");

        assertThat(result.columns()).containsExactly(new ResultColumn("district", "VARCHAR"),
                new ResultColumn("people", "BIGINT"));
        assertThat(result.rows()).hasSize(8);
        for (List<Object> row : result.rows()) {
            assertThat(DemoData.LARGE_DISTRICTS).contains((String) row.get(0));
            assertThat(row.get(1)).isEqualTo(((Number) truth.get(row.get(0))).longValue());
        }
        assertThat(result.privacy().mode()).isEqualTo(PrivacyMode.THRESHOLD);
        assertThat(result.privacy().epsilonSpent()).isEqualByComparingTo("0");
    }

    @Test
    void sumAndAveragePerDistrictAndYear_equalTheTruth() {
        QueryResult result = run("SELECT p.district, i.tax_year, SUM(i.amount) AS total, AVG(i.amount) AS mean, "
                + "COUNT(DISTINCT p.id_no) AS people FROM person p JOIN income i ON i.id_no = p.id_no "
                + "WHERE p.district IN ('历下区', '市中区') GROUP BY p.district, i.tax_year ORDER BY p.district, i.tax_year");
        Map<Object, Object> totals = truth("SELECT p.district || i.tax_year, SUM(i.amount) FROM person p "
                + "JOIN income i ON i.id_no = p.id_no GROUP BY 1");
        Map<Object, Object> means = truth("SELECT p.district || i.tax_year, AVG(i.amount) FROM person p "
                + "JOIN income i ON i.id_no = p.id_no GROUP BY 1");

        assertThat(result.rows()).hasSize(6);
        assertThat(result.columns()).extracting(ResultColumn::type)
                .containsExactly("VARCHAR", "BIGINT", "BIGINT", "DOUBLE", "BIGINT");
        for (List<Object> row : result.rows()) {
            String key = row.get(0) + String.valueOf(row.get(1));
            assertThat(((Number) row.get(2)).longValue()).isEqualTo(((Number) totals.get(key)).longValue());
            assertThat((Double) row.get(3)).isCloseTo(((Number) means.get(key)).doubleValue(),
                    org.assertj.core.data.Offset.offset(1e-6));
            assertThat(row.get(4)).isIn(248L, 249L);
        }
        assertThat(result.rows().get(0).get(0)).isEqualTo("历下区");
    }

    @Test
    void clampBoundsLimitOnePersonsContribution() {
        SandboxGrant tightlyClamped = new SandboxGrant("clamped", DemoData.tables(),
                SandboxPolicy.threshold(Map.of("income.amount", Clamp.of(0, 100_000))));
        QueryResult result = sandbox.run(QueryRequest.of(tightlyClamped, files,
                "SELECT SUM(amount) FROM income WHERE tax_year = 2023"));
        long truthClamped = ((Number) truth("SELECT 1, SUM(LEAST(amount, 100000)) FROM income WHERE tax_year = 2023")
                .get(1)).longValue();

        assertThat(result.rows()).as("rows %s truth %s", result.rows(), truthClamped).containsExactly(List.of(truthClamped));
    }

    @Test
    void derivedQuasiIdentifierGroupKeys_work() {
        QueryResult result = run("SELECT EXTRACT(YEAR FROM birth_date) / 10 * 10 AS decade, gender, COUNT(*) AS n "
                + "FROM person GROUP BY EXTRACT(YEAR FROM birth_date) / 10 * 10, gender");

        assertThat(result.rows()).isNotEmpty();
        assertThat(result.rows()).allSatisfy(row -> assertThat((Long) row.get(2)).isGreaterThanOrEqualTo(10L));
        long released = result.rows().stream().mapToLong(row -> (Long) row.get(2)).sum();
        assertThat(released + 0L).isLessThanOrEqualTo(DemoData.PEOPLE);
    }

    @Test
    void leftJoinAndCte_work() {
        QueryResult result = run("WITH women AS (SELECT id_no, district FROM person WHERE gender = '女') "
                + "SELECT w.district, COUNT(i.amount) AS rows_with_income FROM women w "
                + "LEFT JOIN income i ON w.id_no = i.id_no GROUP BY w.district");

        Map<Object, Object> truth = truth("SELECT district, COUNT(*) * 3 FROM person WHERE gender = '女' GROUP BY district");
        for (List<Object> row : result.rows()) {
            assertThat(row.get(1)).isEqualTo(((Number) truth.get(row.get(0))).longValue());
        }
    }
}
