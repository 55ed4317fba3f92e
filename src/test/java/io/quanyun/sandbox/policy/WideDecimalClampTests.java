package io.quanyun.sandbox.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanyun.sandbox.SandboxGrant;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A DOUBLE measure the vault stores as a wide DECIMAL is clamped and rounded as a DOUBLE (cheap), with the same
 * per-person values as exact decimal arithmetic and never outside the clamp.
 */
class WideDecimalClampTests {

    final QueryChecker checker = new QueryChecker();

    String engineSql(SandboxGrant grant) {
        var checked = (CheckedStatement.Query) checker.check(
                "SELECT p.district, SUM(i.amount) AS total FROM person p JOIN income i ON i.id_no = p.id_no "
                        + "GROUP BY p.district", grant, List.of(), Set.of("person", "income"));
        return checked.query().blocks().get(0).engineSql();
    }

    @Test
    void clampRunsOnTheDeclaredDouble_andMatchesExactDecimalArithmetic() throws Exception {
        String sql = engineSql(CheckProfile.grant("wide-decimal"));  // income.amount DOUBLE, clamp [0, 1000000]
        assertThat(sql).contains("CAST(\"income\".\"amount\" AS DOUBLE)");

        // values around the rounding point, below and above the clamp [0, 1000000], stored as DECIMAL(38, 2)
        List<String> amounts = List.of("0.49", "0.50", "2.50", "3.51", "-7.25", "999999.50", "1000000.01",
                "987654321.99", "12345.45", "12345.55");
        long expected = 0;
        for (String amount : amounts) {
            BigDecimal clamped = new BigDecimal(amount).max(BigDecimal.ZERO).min(new BigDecimal("1000000"));
            expected += clamped.setScale(0, RoundingMode.HALF_UP).longValueExact();
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE person AS SELECT 'p' || i AS id_no, '男' AS gender, DATE '1980-01-01' AS "
                    + "birth_date, 'd' AS district FROM range(" + amounts.size() + ") t(i)");
            var values = new StringBuilder();
            for (int i = 0; i < amounts.size(); i++) {
                values.append(i == 0 ? "" : ", ").append("('p").append(i).append("', 2024, CAST('")
                        .append(amounts.get(i)).append("' AS DECIMAL(38, 2)))");
            }
            statement.execute("CREATE TABLE income AS SELECT * FROM (VALUES " + values + ") t(id_no, year, amount)");
            try (ResultSet rs = statement.executeQuery(sql)) {
                assertThat(rs.next()).isTrue();
                // h0 persons, h1 the exact clamped sum the noise is added to
                assertThat(rs.getLong("h0")).isEqualTo(amounts.size());
                assertThat(rs.getLong("h1")).isEqualTo(expected);
            }
        }
    }

    @Test
    void boundsBeyondExactDoubles_keepTheDecimalPath() {
        var grant = CheckProfile.grant("wide-bounds");
        var wide = new SandboxGrant("wide-bounds", grant.tables(), io.quanyun.sandbox.SandboxPolicy.differentialPrivacy(
                java.util.Map.of("income.amount", io.quanyun.sandbox.Clamp.of(0, (1L << 52) + 1)), BigDecimal.ONE,
                new BigDecimal("3"), 3));

        assertThat(engineSql(wide)).doesNotContain("AS DOUBLE) <").contains("4503599627370497");
    }
}
