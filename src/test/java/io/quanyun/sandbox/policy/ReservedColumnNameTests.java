package io.quanyun.sandbox.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Granted columns named like reserved words ({@code income.year}) are quoted before Calcite parses. */
class ReservedColumnNameTests {

    static String quoted(String sql) {
        return StatementText.quoteReservedColumns(sql, Set.of("year", "amount", "id_no"),
                word -> Set.of("YEAR", "SELECT", "FROM").contains(word));
    }

    @Test
    void columnUse_isQuoted() {
        assertThat(quoted("SELECT year, COUNT(*) FROM income GROUP BY Year"))
                .isEqualTo("SELECT \"year\", COUNT(*) FROM income GROUP BY \"year\"");
        assertThat(quoted("SELECT i.year FROM income i")).isEqualTo("SELECT i.\"year\" FROM income i");
    }

    @Test
    void keywordUses_stayAsWritten() {
        assertThat(quoted("SELECT YEAR(d) FROM t")).isEqualTo("SELECT YEAR(d) FROM t");
        assertThat(quoted("SELECT EXTRACT(YEAR FROM d) FROM t")).isEqualTo("SELECT EXTRACT(YEAR FROM d) FROM t");
        assertThat(quoted("SELECT d + INTERVAL '1' YEAR FROM t")).isEqualTo("SELECT d + INTERVAL '1' YEAR FROM t");
    }

    @Test
    void literalsQuotedIdentifiersAndComments_areUntouched() {
        assertThat(quoted("SELECT 'year' AS \"year\" -- year\nFROM t")).isEqualTo("SELECT 'year' AS \"year\" -- year\nFROM t");
    }

    @Test
    void unreservedOrUngrantedWords_areUntouched() {
        assertThat(quoted("SELECT amount, month FROM income")).isEqualTo("SELECT amount, month FROM income");
    }
}
