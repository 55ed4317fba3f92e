package io.quanyun.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanyun.sandbox.engine.DuckDbEngine;
import io.quanyun.sandbox.engine.DuckDbSettings;
import io.quanyun.sandbox.privacy.RandomSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every attack family of the red-team page as named tests, run end to end through
 * {@link SandboxQueries} on DuckDB over the demo data. Each test asserts the precise rule code or
 * what comes back.
 */
class RedTeamAttackTests {

    static Map<String, Path> files;

    @BeforeAll
    static void writeDemoData(@TempDir Path directory) {
        files = DemoData.write(directory);
    }

    final SandboxQueries sandbox = new SandboxQueries(new DuckDbEngine(DuckDbSettings.defaults()),
            RandomSource.of(new DeterministicSecureRandom(20240601)));

    QueryResult threshold(String sql) {
        return sandbox.run(QueryRequest.of(DemoData.thresholdGrant(), files, sql));
    }

    QueryResult differentiallyPrivate(SandboxGrant grant, String sql) {
        return sandbox.run(QueryRequest.of(grant, files, sql));
    }

    RefusalRule refusal(String sql) {
        return refusal(DemoData.thresholdGrant(), sql);
    }

    RefusalRule refusal(SandboxGrant grant, String sql) {
        try {
            sandbox.run(QueryRequest.of(grant, files, sql));
        } catch (QueryRefused refused) {
            if (refused.rule() == RefusalRule.SYNTAX) {
                assertThat(refused.getMessage()).matches("语法错误（第 \\d+ 行第 \\d+ 列） / The query has a syntax error "
                        + "\\(line \\d+, column \\d+\\)");
            } else {
                assertThat(refused.getMessage()).isEqualTo(refused.rule().message());
            }
            assertThat(refused.getCause()).isNull();
            return refused.rule();
        }
        throw new AssertionError("query was not refused: " + sql);
    }

    static List<Object> column(QueryResult result, int index) {
        return result.rows().stream().map(row -> row.get(index)).toList();
    }

    @Nested
    class RawProjection {

        @Test
        void identifierColumns_areRefused() {
            assertThat(refusal("SELECT id_no, name, address, phone FROM person LIMIT 3"))
                    .isEqualTo(RefusalRule.IDENTIFIER_IN_OUTPUT);
        }

        @Test
        void selectStar_isRefused() {
            assertThat(refusal("SELECT * FROM person")).isEqualTo(RefusalRule.IDENTIFIER_IN_OUTPUT);
        }

        @Test
        void fromFirstSyntax_isRefusedAsSyntax() {
            assertThat(refusal("FROM person LIMIT 1")).isEqualTo(RefusalRule.SYNTAX);
        }

        @Test
        void quasiIdentifierRows_areRefused() {
            assertThat(refusal("SELECT district, gender, birth_date FROM person")).isEqualTo(RefusalRule.RAW_ROWS);
        }

        @Test
        void sensitiveRows_areRefused() {
            assertThat(refusal("SELECT amount FROM income WHERE amount > 1000000")).isEqualTo(RefusalRule.RAW_ROWS);
        }

        @Test
        void distinctRows_areRefused() {
            assertThat(refusal("SELECT DISTINCT id_no FROM income")).isEqualTo(RefusalRule.IDENTIFIER_AS_GROUP_KEY);
        }
    }

    @Nested
    class GroupingByUniqueKey {

        @Test
        void groupByIdentifier_isRefused() {
            assertThat(refusal(
                    "SELECT id_no, SUM(amount) AS total FROM income GROUP BY id_no ORDER BY total DESC LIMIT 3"))
                    .isEqualTo(RefusalRule.IDENTIFIER_AS_GROUP_KEY);
        }

        @Test
        void groupByPhone_isRefused() {
            assertThat(refusal("SELECT phone, COUNT(*) FROM person GROUP BY phone"))
                    .isEqualTo(RefusalRule.IDENTIFIER_AS_GROUP_KEY);
        }

        @Test
        void maxOfIdentifierBesideCount_isRefused() {
            assertThat(refusal("SELECT district, COUNT(*) AS n, MAX(name) AS lp FROM person GROUP BY district"))
                    .isEqualTo(RefusalRule.AGGREGATE_NOT_ALLOWED);
        }

        @Test
        void groupBySensitiveAttribute_isRefused() {
            assertThat(refusal("SELECT amount, COUNT(*) FROM income GROUP BY amount"))
                    .isEqualTo(RefusalRule.SENSITIVE_AS_GROUP_KEY);
        }

        @Test
        void groupByNearlyUniqueQuasiIdentifier_releasesNothing() {
            assertThat(refusal("SELECT birth_date, COUNT(*) FROM person GROUP BY birth_date"))
                    .isEqualTo(RefusalRule.GROUP_TOO_SMALL);
        }
    }

    @Nested
    class SmallGroupsThroughHavingOrderAndLimit {

        @Test
        void havingCountAtLeastOne_stillSuppressesTheTinyDistrictAndItsNeighbour() {
            QueryResult result = threshold(
                    "SELECT p.district, COUNT(*) AS n FROM person p GROUP BY p.district HAVING COUNT(*) >= 1 ORDER BY n");

            assertThat(column(result, 0)).doesNotContain(DemoData.TINY_DISTRICT)
                    .doesNotContain(DemoData.WHALE_DISTRICT) // secondary suppression: next-smallest group
                    .containsExactlyInAnyOrderElementsOf(DemoData.LARGE_DISTRICTS);
            assertThat(column(result, 1)).allSatisfy(n -> assertThat((Long) n).isGreaterThanOrEqualTo(10L));
            assertThat(column(result, 1)).isSortedAccordingTo((a, b) -> Long.compare((Long) a, (Long) b));
            assertThat(result.privacy().suppressedGroups()).isEqualTo(2);
        }

        @Test
        void orderAscendingLimitOne_neverReturnsAGroupBelowK() {
            assertThat(refusal("SELECT birth_date, COUNT(*) FROM person GROUP BY birth_date ORDER BY COUNT(*) ASC LIMIT 1"))
                    .isEqualTo(RefusalRule.GROUP_TOO_SMALL);
            QueryResult districts = threshold(
                    "SELECT district, COUNT(*) FROM person GROUP BY district ORDER BY COUNT(*) ASC LIMIT 1");
            assertThat(districts.rows()).hasSize(1);
            assertThat((Long) districts.rows().get(0).get(1)).isGreaterThanOrEqualTo(10L);
        }

        @Test
        void havingSelectingOnlyTheTinyGroup_isRefusedAsTooSmall() {
            assertThat(refusal("SELECT district, COUNT(*) FROM person GROUP BY district HAVING COUNT(*) < 5"))
                    .isEqualTo(RefusalRule.GROUP_TOO_SMALL);
        }

        @Test
        void havingThatDropsOnlyTheTinyGroup_stillTriggersSecondarySuppression() {
            QueryResult result = threshold("SELECT district, COUNT(*) AS n FROM person GROUP BY district HAVING COUNT(*) <> 3");

            assertThat(column(result, 0)).containsExactlyInAnyOrderElementsOf(DemoData.LARGE_DISTRICTS);
            assertThat(result.privacy().suppressedGroups()).isEqualTo(2);
        }

        @Test
        void filterDownToOnePerson_isRefusedAsTooSmall() {
            assertThat(refusal("SELECT COUNT(*) FROM person WHERE birth_date = DATE '1950-01-01'"))
                    .isEqualTo(RefusalRule.GROUP_TOO_SMALL);
        }
    }

    @Nested
    class OnePersonHiddenInsideALargeAggregate {

        @Test
        void caseOnIdentifier_isRefused() {
            assertThat(refusal("SELECT COUNT(*) AS n, SUM(CASE WHEN p.id_no = '370102199001011234' THEN i.amount ELSE 0 END) AS t "
                    + "FROM person p JOIN income i ON i.id_no = p.id_no"))
                    .isEqualTo(RefusalRule.IDENTIFIER_IN_PREDICATE);
        }

        @Test
        void caseOnQuasiIdentifierInsideSum_isRefused() {
            assertThat(refusal("SELECT SUM(CASE WHEN p.birth_date = DATE '1950-01-01' THEN i.amount ELSE 0 END) "
                    + "FROM person p JOIN income i ON i.id_no = p.id_no"))
                    .isEqualTo(RefusalRule.MEASURE_NOT_BARE);
        }

        @Test
        void groupingSets_areRefused() {
            assertThat(refusal("SELECT p.district, COUNT(*) FROM person p "
                    + "GROUP BY GROUPING SETS ((p.district), (p.district, p.gender))"))
                    .isEqualTo(RefusalRule.GROUPING_SETS);
            assertThat(refusal("SELECT district, gender, COUNT(*) FROM person GROUP BY ROLLUP (district, gender)"))
                    .isEqualTo(RefusalRule.GROUPING_SETS);
            assertThat(refusal("SELECT district, gender, COUNT(*) FROM person GROUP BY CUBE (district, gender)"))
                    .isEqualTo(RefusalRule.GROUPING_SETS);
        }

        @Test
        void dominatingPerson_hasHisDistrictSumSuppressedWithASecondaryCell() {
            QueryResult result = threshold("SELECT p.district, COUNT(*) AS n, SUM(i.amount) AS total "
                    + "FROM person p JOIN income i ON i.id_no = p.id_no WHERE p.district <> '" + DemoData.TINY_DISTRICT
                    + "' GROUP BY p.district");

            List<Object> whaleRow = result.rows().stream()
                    .filter(row -> row.get(0).equals(DemoData.WHALE_DISTRICT)).findFirst().orElseThrow();
            assertThat(whaleRow.get(1)).isEqualTo(36L);
            assertThat(whaleRow.get(2)).isNull();
            assertThat(column(result, 2).stream().filter(value -> value == null)).hasSize(2);
            assertThat(result.privacy().suppressedCells()).isEqualTo(2);
            assertThat(result.privacy().suppressedGroups()).isZero();
        }
    }

    @Nested
    class Differencing {

        @Test
        void excludingOnePersonByIdentifier_isRefused() {
            assertThat(refusal("SELECT COUNT(*) AS n, SUM(i.amount) AS s FROM person p JOIN income i ON i.id_no = p.id_no "
                    + "WHERE p.id_no <> '370102199001011234'"))
                    .isEqualTo(RefusalRule.IDENTIFIER_IN_PREDICATE);
        }

        @Test
        void excludingOnePersonByQuasiIdentifier_underDifferentialPrivacy_getsNoisyAnswers() {
            SandboxGrant grant = DemoData.differentialPrivacyGrant("differencing");
            String all = "SELECT COUNT(*) AS n, SUM(i.amount) AS s FROM person p JOIN income i ON i.id_no = p.id_no";
            QueryResult withEveryone = differentiallyPrivate(grant, all);
            QueryResult withoutOne = differentiallyPrivate(grant, all + " WHERE p.birth_date <> DATE '1950-01-01'");

            long exactRows = 6000L;
            assertThat(withEveryone.rows().get(0).get(0)).isInstanceOf(Long.class).isNotEqualTo(exactRows);
            assertThat(withoutOne.rows().get(0).get(0)).isInstanceOf(Long.class).isNotEqualTo(exactRows - 3);
            assertThat(withEveryone.privacy().epsilonSpent()).isEqualByComparingTo("1");
            assertThat(withoutOne.privacy().epsilonRemaining()).isEqualByComparingTo("1");
        }
    }

    @Nested
    class AggregatesReturningASingleStoredValue {

        @Test
        void minAndMax_areRefused() {
            assertThat(refusal("SELECT p.district, MIN(i.amount), MAX(i.amount), COUNT(*) FROM person p "
                    + "JOIN income i ON i.id_no = p.id_no GROUP BY p.district"))
                    .isEqualTo(RefusalRule.AGGREGATE_NOT_ALLOWED);
        }

        @Test
        void anyValue_isRefused() {
            assertThat(refusal("SELECT gender, ANY_VALUE(phone), COUNT(*) FROM person GROUP BY gender"))
                    .isEqualTo(RefusalRule.AGGREGATE_NOT_ALLOWED);
        }

        @Test
        void duckDbSpecificAggregates_areRefused() {
            assertThat(refusal("SELECT gender, ARG_MAX(id_no, birth_date), COUNT(*) FROM person GROUP BY gender"))
                    .isIn(RefusalRule.FUNCTION_NOT_ALLOWED, RefusalRule.AGGREGATE_NOT_ALLOWED);
            assertThat(refusal("SELECT gender, LIST(id_no), COUNT(*) FROM person GROUP BY gender"))
                    .isIn(RefusalRule.FUNCTION_NOT_ALLOWED, RefusalRule.AGGREGATE_NOT_ALLOWED);
            assertThat(refusal("SELECT gender, STRING_AGG(address, ','), COUNT(*) FROM person GROUP BY gender"))
                    .isIn(RefusalRule.FUNCTION_NOT_ALLOWED, RefusalRule.AGGREGATE_NOT_ALLOWED);
            assertThat(refusal("SELECT district, MEDIAN(amount) FROM person p JOIN income i ON i.id_no = p.id_no GROUP BY district"))
                    .isIn(RefusalRule.FUNCTION_NOT_ALLOWED, RefusalRule.AGGREGATE_NOT_ALLOWED);
        }

        @Test
        void summarize_isRefusedAsSyntax() {
            assertThat(refusal("SUMMARIZE income")).isEqualTo(RefusalRule.SYNTAX);
        }

        @Test
        void countDistinctOfAnotherColumn_isRefused() {
            assertThat(refusal("SELECT district, COUNT(DISTINCT birth_date) FROM person GROUP BY district"))
                    .isEqualTo(RefusalRule.DISTINCT_NOT_ON_PRIVACY_UNIT);
        }

        @Test
        void sumOfExpression_isRefused() {
            assertThat(refusal("SELECT SUM(amount * 2) FROM income")).isEqualTo(RefusalRule.MEASURE_NOT_BARE);
        }
    }

    @Nested
    class WindowFunctions {

        @Test
        void windowOverPerson_isRefused() {
            assertThat(refusal("SELECT p.district, SUM(i.amount) OVER (PARTITION BY p.id_no) AS per_person "
                    + "FROM person p JOIN income i ON i.id_no = p.id_no"))
                    .isEqualTo(RefusalRule.WINDOW_FUNCTION);
        }

        @Test
        void windowOverAggregate_isRefused() {
            assertThat(refusal("SELECT district, COUNT(*), RANK() OVER (ORDER BY COUNT(*)) FROM person GROUP BY district"))
                    .isEqualTo(RefusalRule.WINDOW_FUNCTION);
        }
    }

    @Nested
    class CtesUnionsLateralJoinsAndLimitsBelowTheAggregate {

        @Test
        void cteJoinedBackToRows_isRefused() {
            assertThat(refusal("WITH big AS (SELECT gender, COUNT(*) AS n FROM person GROUP BY gender) "
                    + "SELECT p.name, big.n FROM person p JOIN big USING (gender)"))
                    .isEqualTo(RefusalRule.NESTED_AGGREGATE);
        }

        @Test
        void unionWithRawBranch_isRefused() {
            assertThat(refusal("SELECT gender, COUNT(*) FROM person GROUP BY gender UNION ALL SELECT name, 1 FROM person"))
                    .isEqualTo(RefusalRule.IDENTIFIER_IN_OUTPUT);
        }

        @Test
        void limitBelowAggregate_isRefused() {
            assertThat(refusal("SELECT COUNT(*) AS n, SUM(amount) AS s FROM "
                    + "(SELECT amount FROM income ORDER BY amount DESC LIMIT 10) t"))
                    .isEqualTo(RefusalRule.LIMIT_BELOW_AGGREGATE);
        }

        @Test
        void lateralJoin_isRefused() {
            assertThat(refusal("SELECT COUNT(*) FROM person p, LATERAL (SELECT i.amount FROM income i WHERE i.id_no = p.id_no) x"))
                    .isIn(RefusalRule.OPERATOR_NOT_ALLOWED, RefusalRule.JOIN_NOT_ON_PRIVACY_UNIT,
                            RefusalRule.IDENTIFIER_IN_PREDICATE);
        }

        @Test
        void joinOnNonKey_isRefused() {
            assertThat(refusal("SELECT a.district, COUNT(*) FROM person a JOIN person b ON a.district = b.district GROUP BY a.district"))
                    .isEqualTo(RefusalRule.JOIN_NOT_ON_PRIVACY_UNIT);
            assertThat(refusal("SELECT COUNT(*) FROM person a CROSS JOIN income b"))
                    .isEqualTo(RefusalRule.JOIN_NOT_ON_PRIVACY_UNIT);
        }

        @Test
        void inSubqueryOnIdentifiers_isRefused() {
            assertThat(refusal("SELECT COUNT(*) FROM person WHERE id_no IN (SELECT id_no FROM income WHERE amount > 1000000)"))
                    .isIn(RefusalRule.NESTED_AGGREGATE, RefusalRule.JOIN_NOT_ON_PRIVACY_UNIT,
                            RefusalRule.OPERATOR_NOT_ALLOWED);
        }

        @Test
        void unionDistinct_isRefused() {
            assertThat(refusal("SELECT gender, COUNT(*) FROM person GROUP BY gender UNION SELECT district, COUNT(*) FROM person GROUP BY district"))
                    .isEqualTo(RefusalRule.SET_OPERATION_NOT_ALLOWED);
        }

        @Test
        void unionAllOfCompliantAggregates_isProtectedBranchByBranch() {
            QueryResult result = threshold("SELECT district, COUNT(*) AS n FROM person GROUP BY district "
                    + "UNION ALL SELECT '全市', COUNT(*) FROM person");

            assertThat(column(result, 0)).doesNotContain(DemoData.TINY_DISTRICT, DemoData.WHALE_DISTRICT)
                    .contains("全市");
            assertThat(result.rows()).hasSize(9);
        }
    }

    @Nested
    class EngineEscapes {

        @Test
        void readCsv_isRefused() {
            assertThat(refusal("SELECT * FROM read_csv('/etc/passwd')")).isEqualTo(RefusalRule.FUNCTION_NOT_ALLOWED);
        }

        @Test
        void copyAttachInstallPragma_areRefusedAsSyntax() {
            assertThat(refusal("COPY (SELECT * FROM person) TO 'out.csv'")).isEqualTo(RefusalRule.SYNTAX);
            assertThat(refusal("ATTACH 'x.duckdb' AS x")).isEqualTo(RefusalRule.SYNTAX);
            assertThat(refusal("INSTALL httpfs")).isEqualTo(RefusalRule.SYNTAX);
            assertThat(refusal("PRAGMA enable_profiling")).isEqualTo(RefusalRule.SYNTAX);
        }

        @Test
        void set_isRefused() {
            assertThat(refusal("SET enable_external_access = true"))
                    .isIn(RefusalRule.NOT_A_SELECT, RefusalRule.SYNTAX);
        }

        @Test
        void stackedStatements_areRefused() {
            assertThat(refusal("SELECT 1; CREATE TEMP TABLE t AS SELECT name FROM person"))
                    .isEqualTo(RefusalRule.MULTIPLE_STATEMENTS);
            assertThat(refusal("SELECT COUNT(*) FROM person; SELECT 2")).isEqualTo(RefusalRule.MULTIPLE_STATEMENTS);
        }

        @Test
        void semicolonInsideLiteral_isOneStatement() {
            assertThat(threshold("SELECT COUNT(*) FROM person WHERE district <> 'a;b';").rows()).hasSize(1);
        }

        @Test
        void explainAnalyze_isRefused() {
            assertThat(refusal("EXPLAIN ANALYZE SELECT COUNT(*) FROM person WHERE district = '历下区'"))
                    .isIn(RefusalRule.SYNTAX, RefusalRule.NOT_A_SELECT);
            assertThat(refusal("EXPLAIN PLAN FOR SELECT COUNT(*) FROM person")).isEqualTo(RefusalRule.NOT_A_SELECT);
        }

        @Test
        void sqlFromStringsAndMetadataFunctions_areRefused() {
            assertThat(refusal("SELECT * FROM query('SELECT name FROM person')"))
                    .isIn(RefusalRule.FUNCTION_NOT_ALLOWED, RefusalRule.SYNTAX);
            assertThat(refusal("SELECT COUNT(*) FROM duckdb_settings()"))
                    .isIn(RefusalRule.FUNCTION_NOT_ALLOWED, RefusalRule.SYNTAX);
        }

        @Test
        void ungrantedTable_isRefused() {
            assertThat(refusal("SELECT COUNT(*) FROM enterprise")).isEqualTo(RefusalRule.TABLE_NOT_GRANTED);
            assertThat(refusal("SELECT COUNT(*) FROM information_schema.tables"))
                    .isEqualTo(RefusalRule.TABLE_NOT_GRANTED);
        }
    }

    @Nested
    class LaunderingThroughDerivedTables {

        @Test
        void derivedTableWithIdentifiers_isCreatedButNeverShownAsRows() {
            SandboxGrant grant = DemoData.thresholdGrant();
            DerivedTablePlan plan = sandbox.createDerivedTable(
                    QueryRequest.of(grant, files, "CREATE TABLE mine AS SELECT id_no, name, phone FROM person"));

            assertThat(plan.lineage().columns()).allSatisfy(
                    column -> assertThat(column.role()).isEqualTo(DisclosureRole.DIRECT_IDENTIFIER));
            assertThat(plan.lineage().privacyUnitColumn()).isEqualTo("id_no");
            assertThat(plan.engineSql()).doesNotContain("CREATE");
            assertThat(refusal(grant, "SELECT * FROM mine")).isEqualTo(RefusalRule.IDENTIFIER_IN_OUTPUT);
            assertThat(refusal(grant, "SELECT name, COUNT(*) FROM mine GROUP BY name"))
                    .isEqualTo(RefusalRule.IDENTIFIER_AS_GROUP_KEY);
            assertThat(threshold("SELECT COUNT(*) FROM mine").rows()).containsExactly(List.of(2000L));
        }

        @Test
        void derivedTableInheritsSensitiveRole() {
            SandboxGrant grant = DemoData.thresholdGrant();
            DerivedTablePlan plan = sandbox.createDerivedTable(QueryRequest.of(grant, files,
                    "CREATE TABLE yearly AS SELECT id_no, SUM(amount) AS total FROM income GROUP BY id_no"));

            assertThat(plan.lineage().column("total").orElseThrow().role())
                    .isEqualTo(DisclosureRole.SENSITIVE_ATTRIBUTE);
            assertThat(refusal(grant, "SELECT total, COUNT(*) FROM yearly GROUP BY total"))
                    .isEqualTo(RefusalRule.SENSITIVE_AS_GROUP_KEY);
        }

        @Test
        void derivedTableWithFunctionOnIdentifierOrLimit_isRefused() {
            SandboxGrant grant = DemoData.thresholdGrant();
            assertThatThrownBy(() -> sandbox.createDerivedTable(QueryRequest.of(grant, files,
                    "CREATE TABLE t AS SELECT id_no, SUBSTRING(id_no FROM 7 FOR 8) AS born FROM person")))
                    .isInstanceOfSatisfying(QueryRefused.class,
                            e -> assertThat(e.rule()).isEqualTo(RefusalRule.IDENTIFIER_IN_EXPRESSION));
            assertThatThrownBy(() -> sandbox.createDerivedTable(QueryRequest.of(grant, files,
                    "CREATE TABLE t AS SELECT id_no, amount FROM income ORDER BY amount DESC LIMIT 10")))
                    .isInstanceOfSatisfying(QueryRefused.class,
                            e -> assertThat(e.rule()).isEqualTo(RefusalRule.LIMIT_BELOW_AGGREGATE));
        }

        @Test
        void createTableThroughRun_isRefused() {
            assertThat(refusal("CREATE TABLE mine AS SELECT id_no FROM person")).isEqualTo(RefusalRule.NOT_A_SELECT);
        }
    }

    @Nested
    class RepetitionAgainstFreshNoise {

        static final String QUESTION = "SELECT p.district, COUNT(*) AS n FROM person p GROUP BY p.district";

        @Test
        void sameQuestionTwice_getsTheRecordedAnswerAndSpendsOnce() {
            SandboxGrant grant = DemoData.differentialPrivacyGrant("repetition");
            QueryResult first = differentiallyPrivate(grant, QUESTION);
            QueryResult second = differentiallyPrivate(grant, QUESTION);

            assertThat(second.rows()).isEqualTo(first.rows());
            assertThat(first.privacy().epsilonSpent()).isEqualByComparingTo("1");
            assertThat(second.privacy().epsilonSpent()).isEqualByComparingTo("0");
            assertThat(second.privacy().recordedAnswer()).isTrue();
            assertThat(sandbox.remainingEpsilon(grant)).isEqualByComparingTo("2");
        }

        @Test
        void cosmeticVariants_getTheRecordedAnswer() {
            SandboxGrant grant = DemoData.differentialPrivacyGrant("cosmetic");
            QueryResult first = differentiallyPrivate(grant, "SELECT p.district, COUNT(*) AS n FROM person p "
                    + "WHERE p.gender = '女' AND p.birth_date > DATE '1960-01-01' GROUP BY p.district");
            for (String variant : List.of(
                    "SELECT x.district, COUNT(*) AS total FROM person x WHERE x.birth_date > DATE '1960-01-01' "
                            + "AND x.gender = '女' AND 1 = 1 GROUP BY x.district",
                    "select district, count(*) from person where '女' = gender and birth_date > date '1960-01-01' "
                            + "group by district")) {
                QueryResult again = differentiallyPrivate(grant, variant);
                assertThat(again.rows()).isEqualTo(first.rows());
                assertThat(again.privacy().recordedAnswer()).isTrue();
            }
            assertThat(sandbox.remainingEpsilon(grant)).isEqualByComparingTo("2");
        }

        @Test
        void distinctQuestions_spendUntilTheBudgetIsGone() {
            SandboxGrant grant = DemoData.differentialPrivacyGrant("exhaustion");
            differentiallyPrivate(grant, "SELECT district, COUNT(*) FROM person GROUP BY district");
            differentiallyPrivate(grant, "SELECT gender, COUNT(*) FROM person GROUP BY gender");
            differentiallyPrivate(grant, "SELECT COUNT(*) FROM person");

            assertThat(refusal(grant, "SELECT COUNT(*) FROM income")).isEqualTo(RefusalRule.BUDGET_EXHAUSTED);
            assertThat(sandbox.remainingEpsilon(grant)).isEqualByComparingTo(BigDecimal.ZERO);
            // a recorded question is still answered without budget
            assertThat(differentiallyPrivate(grant, "SELECT COUNT(*) FROM person").privacy().recordedAnswer()).isTrue();
        }

        @Test
        void noisyValues_lieOnTheIntegerGridAndDifferFromTheTruth() {
            SandboxGrant grant = DemoData.differentialPrivacyGrant("grid");
            QueryResult result = differentiallyPrivate(grant, "SELECT p.district, COUNT(*) AS n, SUM(i.amount) AS s "
                    + "FROM person p JOIN income i ON i.id_no = p.id_no GROUP BY p.district");

            assertThat(column(result, 0)).doesNotContain(DemoData.TINY_DISTRICT);
            assertThat(column(result, 1)).allSatisfy(n -> assertThat(n).isInstanceOf(Long.class));
            assertThat(column(result, 2)).allSatisfy(s -> assertThat(s).isInstanceOf(Long.class));
            assertThat(column(result, 1)).anySatisfy(n -> assertThat(((Long) n) % 3).isNotZero());
            assertThat(result.columns()).extracting(ResultColumn::type).containsExactly("VARCHAR", "BIGINT", "BIGINT");
        }

        @Test
        void havingOnExactValues_isRefusedUnderDifferentialPrivacy() {
            assertThat(refusal(DemoData.differentialPrivacyGrant("having"),
                    "SELECT district, COUNT(*) FROM person GROUP BY district HAVING COUNT(*) > 100"))
                    .isEqualTo(RefusalRule.HAVING_NOT_ALLOWED);
        }

        @Test
        void recordedRefusal_isReplayedWithoutNewSpending() {
            SandboxGrant grant = DemoData.differentialPrivacyGrant("recorded-refusal");
            String tiny = "SELECT COUNT(*) FROM person WHERE district = '" + DemoData.TINY_DISTRICT + "'";
            assertThat(refusal(grant, tiny)).isEqualTo(RefusalRule.GROUP_TOO_SMALL);
            assertThat(refusal(grant, tiny)).isEqualTo(RefusalRule.GROUP_TOO_SMALL);
            assertThat(sandbox.remainingEpsilon(grant)).isEqualByComparingTo("2");
        }
    }

    @Nested
    class ChannelsBeyondSql {

        @Test
        void refusalMessages_neverEchoValues() {
            try {
                threshold("SELECT COUNT(*) FROM person WHERE id_no = '370102199001011234'");
            } catch (QueryRefused refused) {
                assertThat(refused.getMessage()).doesNotContain("370102199001011234").doesNotContain("id_no");
                return;
            }
            throw new AssertionError("not refused");
        }

        @Test
        void syntaxError_reportsOnlyLineAndColumn() {
            try {
                threshold("SELECT COUNT(*)\nFROM person WHERE district = '历下区' AND AND secret_value_42");
            } catch (QueryRefused refused) {
                assertThat(refused.rule()).isEqualTo(RefusalRule.SYNTAX);
                assertThat(refused.line()).hasValue(2);
                assertThat(refused.getMessage()).doesNotContain("secret_value_42").doesNotContain("历下区")
                        .contains("line 2");
                return;
            }
            throw new AssertionError("not refused");
        }
    }
}
