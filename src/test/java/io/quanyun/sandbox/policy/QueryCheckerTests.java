package io.quanyun.sandbox.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanyun.sandbox.DemoData;
import io.quanyun.sandbox.QueryRefused;
import io.quanyun.sandbox.RefusalRule;
import io.quanyun.sandbox.SandboxGrant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker alone: canonical forms, generated SQL and refusal details, without an engine. */
class QueryCheckerTests {

    final QueryChecker checker = new QueryChecker();
    final SandboxGrant grant = DemoData.thresholdGrant();

    ProtectedQuery check(String sql) {
        return ((CheckedStatement.Query) checker.check(sql, grant, List.of())).query();
    }

    RefusalRule refusal(String sql) {
        try {
            checker.check(sql, grant, List.of());
        } catch (QueryRefused refused) {
            return refused.rule();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void cosmeticVariants_haveTheSameCanonicalForm() {
        String canonical = check("SELECT p.district, COUNT(*) AS n FROM person p WHERE p.gender = '女' "
                + "AND p.birth_date > DATE '1960-01-01' GROUP BY p.district").canonicalForm();

        assertThat(check("select x.district, count(*) as people from person x where x.birth_date > date '1960-01-01' "
                + "and '女' = x.gender and 1 = 1 group by x.district").canonicalForm()).isEqualTo(canonical);
    }

    @Test
    void differentQuestions_haveDifferentCanonicalForms() {
        assertThat(check("SELECT district, COUNT(*) FROM person WHERE gender = '女' GROUP BY district").canonicalForm())
                .isNotEqualTo(check("SELECT district, COUNT(*) FROM person WHERE gender = '男' GROUP BY district")
                        .canonicalForm());
        assertThat(check("SELECT district, COUNT(*) FROM person GROUP BY district ORDER BY 2 LIMIT 3").canonicalForm())
                .isNotEqualTo(check("SELECT district, COUNT(*) FROM person GROUP BY district ORDER BY 2 LIMIT 4")
                        .canonicalForm());
    }

    @Test
    void generatedSql_containsNoUserTextBeyondLiterals() {
        ProtectedQuery query = check("SELECT /* note_to_engine */ p.district AS my_alias, COUNT(*) AS my_count "
                + "FROM person p GROUP BY p.district");

        String sql = query.blocks().get(0).engineSql();
        assertThat(sql).doesNotContain("note_to_engine").doesNotContain("my_alias").doesNotContain("my_count")
                .doesNotContain(";").contains("COUNT(*)");
        assertThat(query.columns()).extracting(c -> c.name()).containsExactly("my_alias", "my_count");
    }

    @Test
    void generatedSql_clampsMeasuresAndCountsDistinctPersons() {
        String sql = check("SELECT district, SUM(amount) FROM person p JOIN income i ON i.id_no = p.id_no GROUP BY district")
                .blocks().get(0).engineSql();

        assertThat(sql).contains("10000000").contains("ROW_NUMBER()").contains("GROUP BY");
    }

    @Test
    void differentialPrivacy_boundsRowsPerPerson() {
        var dpGrant = DemoData.differentialPrivacyGrant("dp");
        var query = ((CheckedStatement.Query) checker.check("SELECT COUNT(*) FROM income", dpGrant, List.of())).query();

        assertThat(query.blocks().get(0).engineSql()).contains("ROW_NUMBER() OVER (PARTITION BY").contains("<= 3");
        assertThat(query.noiseShares()).isEqualTo(2);
    }

    @Test
    void syntaxError_positionIsRelativeToTheWholeStatement() {
        assertThatThrownBy(() -> checker.check("CREATE TABLE t AS SELECT FROM FROM person", grant, List.of()))
                .isInstanceOfSatisfying(QueryRefused.class, e -> {
                    assertThat(e.rule()).isEqualTo(RefusalRule.SYNTAX);
                    assertThat(e.line()).hasValue(1);
                    assertThat(e.column().getAsInt()).isGreaterThan(18);
                });
    }

    @Test
    void ungrantedColumn_isRefused() {
        assertThat(refusal("SELECT salary, COUNT(*) FROM person GROUP BY salary")).isEqualTo(RefusalRule.COLUMN_NOT_GRANTED);
    }

    @Test
    void functionsOutsideTheAllowList_areRefused() {
        assertThat(refusal("SELECT district, COUNT(*) FROM person WHERE gender = CURRENT_USER GROUP BY district"))
                .isEqualTo(RefusalRule.FUNCTION_NOT_ALLOWED);
        assertThat(refusal("SELECT md5(district), COUNT(*) FROM person GROUP BY md5(district)"))
                .isEqualTo(RefusalRule.FUNCTION_NOT_ALLOWED);
    }

    @Test
    void identifierCompared_evenWithIsNotNull_isRefused() {
        assertThat(refusal("SELECT COUNT(*) FROM person WHERE id_no IS NOT NULL"))
                .isEqualTo(RefusalRule.IDENTIFIER_IN_PREDICATE);
        assertThat(refusal("SELECT COUNT(*) FROM person WHERE id_no LIKE '3701%'"))
                .isEqualTo(RefusalRule.IDENTIFIER_IN_PREDICATE);
        assertThat(refusal("SELECT UPPER(name), COUNT(*) FROM person GROUP BY UPPER(name)"))
                .isEqualTo(RefusalRule.IDENTIFIER_IN_EXPRESSION);
    }

    @Test
    void measureWithoutBounds_isRefused() {
        var unbounded = new SandboxGrant("unbounded", DemoData.tables(),
                io.quanyun.sandbox.SandboxPolicy.threshold(java.util.Map.of()));
        assertThatThrownBy(() -> checker.check("SELECT SUM(amount) FROM income", unbounded, List.of()))
                .isInstanceOfSatisfying(QueryRefused.class,
                        e -> assertThat(e.rule()).isEqualTo(RefusalRule.MEASURE_WITHOUT_BOUNDS));
    }

    @Test
    void expressionOverAggregate_isRefused() {
        assertThat(refusal("SELECT district, SUM(amount) / COUNT(*) FROM person p JOIN income i ON i.id_no = p.id_no "
                + "GROUP BY district")).isEqualTo(RefusalRule.EXPRESSION_OVER_AGGREGATE);
    }

    @Test
    void warmCheck_isFast() {
        for (int i = 0; i < 20; i++) {
            check("SELECT district, COUNT(*) FROM person GROUP BY district");
        }
        long started = System.nanoTime();
        int runs = 50;
        for (int i = 0; i < runs; i++) {
            check("SELECT p.district, SUM(i.amount) FROM person p JOIN income i ON i.id_no = p.id_no GROUP BY p.district");
        }
        double millis = (System.nanoTime() - started) / 1e6 / runs;
        System.out.printf("warm parse+validate+check+rewrite+generate: %.1f ms%n", millis);
        assertThat(millis).isLessThan(500);
    }
}
