package io.quanyun.sandbox;

import static io.quanyun.sandbox.SandboxApiTestSupport.body;
import static io.quanyun.sandbox.SandboxApiTestSupport.query;
import static io.quanyun.sandbox.SandboxApiTestSupport.workspace;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.quanyun.access.GrantDescriptor;
import io.quanyun.support.PlatformTest;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The red-team families ({@code shared/redteam/README.md}) through the HTTP API on the whole application,
 * over demo data ingested through the vault: each attack gets its documented problem code (HTTP 422) and
 * a message that names the rule and nothing else; protected answers are checked for what they release.
 */
@PlatformTest
@Import(SandboxTestGrants.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxApiAttackTests {

    @Autowired MockMvc mvc;
    @Autowired SandboxTestGrants.TestGrantDirectory grants;

    UUID threshold;
    UUID differentialPrivacy;

    @BeforeAll
    void workspaces() throws Exception {
        GrantDescriptor t = grants.grant("红队-门限", "THRESHOLD", BigDecimal.TEN, BigDecimal.ONE, "person", "income");
        threshold = workspace(mvc, t);
        GrantDescriptor dp = grants.grant("红队-差分隐私", "DIFFERENTIAL_PRIVACY", new BigDecimal("100"), BigDecimal.ONE,
                "person", "income");
        differentialPrivacy = workspace(mvc, dp);
    }

    static Stream<Arguments> refusedAttacks() {
        return Stream.of(
                // 1 raw projection
                Arguments.of("SELECT id_no, name, address, phone FROM person LIMIT 3", "identifier_in_output"),
                Arguments.of("SELECT * FROM person", "identifier_in_output"),
                Arguments.of("FROM person LIMIT 1", "syntax"),
                Arguments.of("SELECT gender, birth_date FROM person", "raw_rows"),
                // 2 grouping by a unique key
                Arguments.of("SELECT id_no, SUM(amount) AS total FROM income GROUP BY id_no ORDER BY total DESC LIMIT 3",
                        "identifier_as_group_key"),
                // 4 one person inside a large aggregate
                Arguments.of("SELECT COUNT(*) AS n, SUM(CASE WHEN p.id_no = '" + DemoData.WHALE_ID
                        + "' THEN i.amount ELSE 0 END) AS t FROM person p JOIN income i ON i.id_no = p.id_no",
                        "identifier_in_predicate"),
                Arguments.of("SELECT p.district, COUNT(*) FROM person p GROUP BY GROUPING SETS ((p.district), "
                        + "(p.district, p.gender))", "grouping_sets"),
                // 5 differencing on an identifier
                Arguments.of("SELECT COUNT(*) AS n, SUM(i.amount) AS s FROM person p JOIN income i ON i.id_no = p.id_no "
                        + "WHERE p.id_no <> '" + DemoData.WHALE_ID + "'", "identifier_in_predicate"),
                // 6 aggregates returning one stored value
                Arguments.of("SELECT p.district, MIN(i.amount), MAX(i.amount), COUNT(*) FROM person p "
                        + "JOIN income i ON i.id_no = p.id_no GROUP BY p.district", "aggregate_not_allowed"),
                Arguments.of("SELECT gender, MAX(name), COUNT(*) FROM person GROUP BY gender", "aggregate_not_allowed"),
                Arguments.of("SUMMARIZE income", "syntax"),
                // 7 window functions
                Arguments.of("SELECT p.district, SUM(i.amount) OVER (PARTITION BY p.id_no) AS per_person "
                        + "FROM person p JOIN income i ON i.id_no = p.id_no", "window_function"),
                // 8 CTEs, unions, limits below the aggregate
                Arguments.of("WITH big AS (SELECT gender, COUNT(*) AS n FROM person GROUP BY gender) "
                        + "SELECT p.name, big.n FROM person p JOIN big USING (gender)", "nested_aggregate"),
                Arguments.of("SELECT gender, COUNT(*) FROM person GROUP BY gender UNION ALL SELECT name, 1 FROM person",
                        "identifier_in_output"),
                Arguments.of("SELECT COUNT(*) AS n, SUM(amount) AS s FROM (SELECT amount FROM income "
                        + "ORDER BY amount DESC LIMIT 10) t", "limit_below_aggregate"),
                // 9 engine escapes
                Arguments.of("SELECT * FROM read_csv('/etc/passwd')", "function_not_allowed"),
                Arguments.of("COPY (SELECT * FROM person) TO 'out.csv'", "syntax"),
                Arguments.of("ATTACH 'x.duckdb' AS x", "syntax"),
                Arguments.of("INSTALL httpfs", "syntax"),
                Arguments.of("SET enable_external_access = true", "not_a_select"),
                Arguments.of("SELECT 1; CREATE TEMP TABLE t AS SELECT name FROM person", "multiple_statements"),
                Arguments.of("EXPLAIN ANALYZE SELECT COUNT(*) FROM person WHERE district = '历下区'", "syntax"),
                // tables that are not granted
                Arguments.of("SELECT COUNT(*) FROM vehicle", "table_not_granted"),
                Arguments.of("SELECT COUNT(*) FROM information_schema.tables", "table_not_granted"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("refusedAttacks")
    void attack_isRefusedWithItsRuleCode_andNothingElse(String sql, String code) throws Exception {
        MvcResult result = query(mvc, threshold, sql);
        String body = body(result);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(422);
        assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        String returned = JsonPath.read(body, "$.code");
        if (code.equals("syntax") || code.equals("not_a_select")) {
            assertThat(returned).isIn("syntax", "not_a_select");
        } else {
            assertThat(returned).isEqualTo(code);
        }
        assertThat((String) JsonPath.read(body, "$.type")).isEqualTo("urn:quanyun:error:" + returned);
        assertThat(body).doesNotContain(DemoData.WHALE_ID, "张", "3701", "passwd", "DuckDB", "Calcite", "Exception");
    }

    @Test
    void smallGroupsThroughHaving_areSuppressedAnyway() throws Exception {
        String body = body(query(mvc, threshold, "SELECT p.district, COUNT(*) AS n FROM person p GROUP BY p.district "
                + "HAVING COUNT(*) >= 1 ORDER BY n"));
        List<String> districts = JsonPath.read(body, "$.rows[*][0]");
        assertThat(districts).doesNotContain(DemoData.TINY_DISTRICT);
        assertThat((List<Integer>) JsonPath.read(body, "$.rows[*][1]")).allMatch(n -> n == null || n >= 10);
    }

    @Test
    void uniqueBirthDates_areAllSuppressed() throws Exception {
        MvcResult result = query(mvc, threshold, "SELECT birth_date, COUNT(*) FROM person GROUP BY birth_date "
                + "ORDER BY COUNT(*) ASC LIMIT 1");
        assertThat((String) JsonPath.read(body(result), "$.code")).isEqualTo("group_too_small");
    }

    @Test
    void launderingThroughADerivedTable_neverShowsRows() throws Exception {
        assertThat((String) JsonPath.read(body(query(mvc, threshold,
                "CREATE TABLE laundry AS SELECT id_no, name, phone FROM person")), "$.derivedTable")).isEqualTo("laundry");
        assertThat((String) JsonPath.read(body(query(mvc, threshold, "SELECT * FROM laundry")), "$.code"))
                .isEqualTo("identifier_in_output");
    }

    @Test
    void repetitionWithCosmeticChanges_getsTheSameNoisyAnswer_andSpendsOnce() throws Exception {
        String first = body(query(mvc, differentialPrivacy,
                "SELECT p.gender, COUNT(*) AS n FROM person p WHERE p.district = '历下区' GROUP BY p.gender"));
        String second = body(query(mvc, differentialPrivacy,
                "select x.gender, count(*) as n from person x where 1 = 1 and x.district = '历下区' group by x.gender"));
        assertThat((Object) JsonPath.read(second, "$.rows")).isEqualTo(JsonPath.read(first, "$.rows"));
        assertThat((Boolean) JsonPath.read(second, "$.privacy.recordedAnswer")).isTrue();
        assertThat(JsonPath.read(second, "$.privacy.epsilonSpent").toString()).isEqualTo("0");
    }

    @Test
    void differencing_isAnsweredWithNoise_onTheMechanismsGrid() throws Exception {
        String all = body(query(mvc, differentialPrivacy,
                "SELECT COUNT(*) AS n, SUM(i.amount) AS s FROM person p JOIN income i ON i.id_no = p.id_no"));
        assertThat(JsonPath.read(all, "$.privacy.epsilonSpent").toString()).isEqualTo("1");
        Number n = JsonPath.read(all, "$.rows[0][0]");
        assertThat(n.doubleValue() % 1).isZero();
    }
}
