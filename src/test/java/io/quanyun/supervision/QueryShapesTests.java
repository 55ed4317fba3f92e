package io.quanyun.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which pairs of queries count as differing in one predicate (differencing and tracker patterns). */
class QueryShapesTests {

    static final String WHOLE = "SELECT COUNT(*) AS n, SUM(i.amount) AS s FROM person p JOIN income i ON i.id_no = p.id_no";

    @Test
    void redTeamFamily5_isAPair_whateverTheSpacingAndCase() {
        assertThat(QueryShapes.differInOnePredicate(WHOLE + ";",
                "select count(*) as n, sum(i.amount) as s from person p join income i on i.id_no = p.id_no\n"
                        + "  WHERE p.id_no <> '370102199001011234';")).isTrue();
    }

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // tracker: one more condition narrows a group
        "SELECT COUNT(*) FROM person WHERE district = '历下区' | SELECT COUNT(*) FROM person WHERE district = '历下区' AND gender = '男' | true",
        // the same condition turned round
        "SELECT COUNT(*) FROM person WHERE district = '历下区' | SELECT COUNT(*) FROM person WHERE district <> '历下区' | true",
        "SELECT COUNT(*) FROM person WHERE district = '历下区' | SELECT COUNT(*) FROM person WHERE NOT district = '历下区' | true",
        // ordinary exploration: another literal, another grouping, another table
        "SELECT COUNT(*) FROM income WHERE year = 2023 | SELECT COUNT(*) FROM income WHERE year = 2024 | false",
        "SELECT gender, COUNT(*) FROM person GROUP BY gender | SELECT district, COUNT(*) FROM person GROUP BY district | false",
        "SELECT COUNT(*) FROM person | SELECT COUNT(*) FROM income | false",
        "SELECT COUNT(*) FROM person | select  count(*)  from person | false",
        // a whole new query around the same table is not one predicate
        "SELECT COUNT(*) FROM person | SELECT district, gender, COUNT(*) FROM person WHERE gender = '男' AND district = '历下区' GROUP BY district, gender | false"})
    void pairs(String first, String second, boolean expected) {
        assertThat(QueryShapes.differInOnePredicate(first, second)).isEqualTo(expected);
        assertThat(QueryShapes.differInOnePredicate(second, first)).isEqualTo(expected);
    }
}
