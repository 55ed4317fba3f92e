package io.quanyun.sandbox;

import static io.quanyun.sandbox.SandboxApiTestSupport.body;
import static io.quanyun.sandbox.SandboxApiTestSupport.query;
import static io.quanyun.sandbox.SandboxApiTestSupport.workspace;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.quanyun.access.GrantDescriptor;
import io.quanyun.catalog.ConsentRegistry;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.Zones;
import io.quanyun.support.PlatformTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Art. 6 in the sandbox: a grant that touches sensitive personal fields carries the purpose its data subjects
 * consented to, and then sees only the rows of subjects whose consent to that purpose for its operator holds.
 * Threshold mode with k = 5, so the released counts are exact and can be compared person by person with the
 * demo data: persons {@code i} with {@code i % 3 == 0} consent, the others do not.
 *
 * <p>The consents are written into the registry's table with the registry's own keyed hash: the sandbox demo
 * identity numbers ({@code 3701} and fourteen digits) carry no GB 11643 check character, so the registry's
 * recording API would refuse them. Withdrawal goes through the registry's API.
 */
@PlatformTest
@Import(SandboxTestGrants.class)
class SandboxConsentTests {

    @Autowired MockMvc mvc;
    @Autowired SandboxTestGrants.TestGrantDirectory grants;
    @Autowired ConsentRegistry consents;
    @Autowired JdbcClient jdbc;
    @Autowired DecryptedTableCache tables;

    String purpose;
    UUID workspace;
    Map<Integer, UUID> consentIds = new TreeMap<>();

    @BeforeEach
    void consentingThird() throws Exception {
        purpose = "consent-test-" + UUID.randomUUID().toString().substring(0, 8);
        grants.ingestDemoData();
        for (int i = 0; i < DemoData.PEOPLE; i++) {
            if (i % 3 == 0) {
                consentIds.put(i, consent(id(i), purpose, grants.operatorId()));
            }
        }
        // another operator's consent for the same purpose, and this operator's for another purpose, count nothing
        UUID otherOperator = UUID.randomUUID();
        for (int i = 1; i < DemoData.PEOPLE; i += 3) {
            consent(id(i), purpose, otherOperator);
            consent(id(i), purpose + "-other", grants.operatorId());
        }
        GrantDescriptor grant = grants.grant("同意范围内的统计", "THRESHOLD", BigDecimal.TEN, BigDecimal.ONE, 5, purpose,
                "person", "income", "clinic_visit");
        workspace = workspace(mvc, grant);
    }

    @Test
    void onlyConsentingSubjects_areCounted() throws Exception {
        Map<String, Integer> counts = counts(released(
                "SELECT district, COUNT(*) AS n FROM person GROUP BY district"));
        assertThat(counts).isEqualTo(expectedPersonsByDistrict(i -> i % 3 == 0));
        // the whale district keeps 4 consenting persons (3, 6, 9, 12) and the tiny one 1: both below k = 5
        assertThat(counts).doesNotContainKeys(DemoData.WHALE_DISTRICT, DemoData.TINY_DISTRICT);
    }

    @Test
    void aGrantWithoutConsentPurpose_seesEveryone_asAControl() throws Exception {
        GrantDescriptor open = grants.grant("不涉及同意的统计", "THRESHOLD", BigDecimal.TEN, BigDecimal.ONE, 5, null,
                "person");
        UUID all = workspace(mvc, open);
        MvcResult result = query(mvc, all, "SELECT district, COUNT(*) AS n FROM person GROUP BY district");
        String body = body(result);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(200);
        Map<String, Integer> expected = expectedPersonsByDistrict(i -> true);
        // the tiny district (3) is withheld, and by secondary suppression the next smallest (the whale's, 12)
        expected.remove(DemoData.WHALE_DISTRICT);
        assertThat(counts(body)).isEqualTo(expected);
    }

    @Test
    void joins_seeOnlyConsentingSubjectsOnBothSides() throws Exception {
        Map<String, Integer> expected = new LinkedHashMap<>();
        expectedPersonsByDistrict(i -> i % 3 == 0).forEach((district, n) -> expected.put(district, 3 * n));
        assertThat(counts(released("SELECT p.district, COUNT(*) AS n FROM person p JOIN income i "
                + "ON i.id_no = p.id_no GROUP BY p.district"))).isEqualTo(expected);
        // a left join from the filtered income side cannot bring the others back either
        assertThat(counts(released("SELECT p.district, COUNT(*) AS n FROM income i LEFT JOIN person p "
                + "ON p.id_no = i.id_no GROUP BY p.district"))).isEqualTo(expected);
    }

    @Test
    void clinicVisits_ofNonConsentingPatients_neverContribute() throws Exception {
        // patients 100..159, one hospital each by (patient - 100) % 3; consenting patients (p % 3 == 0) all
        // visit 市中心医院
        String body = released("SELECT hospital, COUNT(DISTINCT id_no) AS persons, COUNT(*) AS visits "
                + "FROM clinic_visit GROUP BY hospital");
        assertThat((List<String>) JsonPath.read(body, "$.rows[*][0]")).containsExactly("市中心医院");
        assertThat((List<Integer>) JsonPath.read(body, "$.rows[*][1]")).containsExactly(20);
        assertThat((List<Integer>) JsonPath.read(body, "$.rows[*][2]"))
                .containsExactly(20 * SandboxTestGrants.SandboxDemoTables.VISITS_EACH);
    }

    @Test
    void derivedTables_inheritTheConsentFilter() throws Exception {
        MvcResult created = query(mvc, workspace, "CREATE TABLE consented_income AS SELECT p.district, i.amount, "
                + "p.id_no FROM person p JOIN income i ON i.id_no = p.id_no WHERE i.year = 2024");
        assertThat(created.getResponse().getStatus()).as(body(created)).isEqualTo(200);
        assertThat(counts(released("SELECT district, COUNT(*) AS n FROM consented_income GROUP BY district")))
                .isEqualTo(expectedPersonsByDistrict(i -> i % 3 == 0));
    }

    @Test
    void aWithdrawnConsent_takesEffectAtTheNextQuery() throws Exception {
        String sql = "SELECT district, COUNT(*) AS n FROM person GROUP BY district";
        Map<String, Integer> before = counts(released(sql));
        String district = DemoData.LARGE_DISTRICTS.get(3);
        List<Integer> withdrawn = new ArrayList<>();
        for (int i : consentIds.keySet()) {
            if (i >= 15 && DemoData.LARGE_DISTRICTS.get(i % 8).equals(district) && withdrawn.size() < 7) {
                withdrawn.add(i);
            }
        }
        Actors.runAs(Actor.system(), () -> {
            withdrawn.forEach(i -> consents.withdraw(consentIds.get(i)));
            return null;
        });
        assertThat(tables.filteredCopies()).as("copies dropped on ConsentChanged").isEmpty();
        Map<String, Integer> after = counts(released(sql));
        assertThat(after.get(district)).isEqualTo(before.get(district) - 7);
        Map<String, Integer> othersBefore = new TreeMap<>(before);
        Map<String, Integer> othersAfter = new TreeMap<>(after);
        othersBefore.remove(district);
        othersAfter.remove(district);
        assertThat(othersAfter).isEqualTo(othersBefore);
    }

    @Test
    void theFilteredCopy_isWrittenOnce_besideTheDecryptedVersion_andReusedUntilConsentsChange() throws Exception {
        String sql = "SELECT district, COUNT(*) AS n FROM person GROUP BY district";
        java.util.Set<java.nio.file.Path> others = tables.filteredCopies(); // other tests' grants' copies
        Map<String, Integer> first = counts(released(sql));
        java.util.Set<java.nio.file.Path> copies = new java.util.HashSet<>(tables.filteredCopies());
        copies.removeAll(others);
        // person, income and clinic_visit hold personal information: one copy each for this grant
        assertThat(copies).hasSizeGreaterThanOrEqualTo(3);
        copies.forEach(copy -> {
            assertThat(copy).exists();
            assertThat(copy.getFileName().toString()).startsWith(".consent-");
        });
        assertThat(counts(released(sql))).isEqualTo(first);
        assertThat(tables.filteredCopies()).as("the second query reuses the copies").containsAll(copies);
        assertThat(released("SELECT p.district, COUNT(*) AS n FROM person p JOIN income i ON i.id_no = p.id_no "
                + "GROUP BY p.district")).isNotEmpty();
        assertThat(tables.filteredCopies()).containsAll(copies);
    }

    @Test
    void aNewlyRecordedConsent_showsAtTheNextQuery_evenWithoutAnEvent() throws Exception {
        String sql = "SELECT district, COUNT(*) AS n FROM person GROUP BY district";
        java.util.Set<java.nio.file.Path> others = tables.filteredCopies(); // other tests' grants' copies
        assertThat(counts(released(sql))).isEqualTo(expectedPersonsByDistrict(i -> i % 3 == 0));
        java.util.Set<java.nio.file.Path> copies = new java.util.HashSet<>(tables.filteredCopies());
        copies.removeAll(others);
        assertThat(copies).isNotEmpty();
        // written straight into the registry's table: no ConsentChanged, so only the consent state itself (the
        // fingerprint the query reads from the registry) can tell the cached copy is stale
        for (int i = 1; i < DemoData.PEOPLE; i += 3) {
            consent(id(i), purpose, grants.operatorId());
        }
        Map<String, Integer> expected = expectedPersonsByDistrict(i -> i % 3 != 2);
        // the tiny district (2 consenting) is withheld, and by secondary suppression the whale's (8) too
        expected.remove(DemoData.WHALE_DISTRICT);
        assertThat(counts(released(sql))).isEqualTo(expected);
        assertThat(tables.filteredCopies()).doesNotContainAnyElementsOf(copies);
        copies.forEach(old -> assertThat(old).as("a replaced copy is deleted").doesNotExist());
    }

    // ---- helpers

    private String released(String sql) throws Exception {
        MvcResult result = query(mvc, workspace, sql);
        String body = body(result);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(200);
        return body;
    }

    private static Map<String, Integer> counts(String body) {
        List<List<Object>> rows = JsonPath.read(body, "$.rows");
        Map<String, Integer> counts = new TreeMap<>();
        for (List<Object> row : rows) {
            counts.put(String.valueOf(row.get(0)), ((Number) row.get(1)).intValue());
        }
        return counts;
    }

    /** Persons per district among those the predicate keeps, as the demo data spreads them; groups below 5 left out. */
    private static Map<String, Integer> expectedPersonsByDistrict(IntPredicate kept) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < DemoData.PEOPLE; i++) {
            if (kept.test(i)) {
                counts.merge(district(i), 1, Integer::sum);
            }
        }
        counts.values().removeIf(n -> n < 5);
        return counts;
    }

    private static String district(int i) {
        if (i < 3) {
            return DemoData.TINY_DISTRICT;
        }
        if (i < 15) {
            return DemoData.WHALE_DISTRICT;
        }
        return DemoData.LARGE_DISTRICTS.get(i % 8);
    }

    private static String id(int i) {
        return "3701" + String.format("%014d", i);
    }

    private UUID consent(String identifier, String consentPurpose, UUID operator) {
        UUID id = UUID.randomUUID();
        LocalDate today = LocalDate.now(Zones.SHANGHAI);
        jdbc.sql("""
                insert into consent_record (id, subject_kind, subject_hash, purpose, operator_id, valid_from,
                    valid_until, recorded_by, recorded_org, recorded_at)
                values (:id, 'PERSON', :hash, :purpose, :operator, :from, :until, 'consent-test', :org, :at)
                """).param("id", id).param("hash", consents.subjectHash().of(identifier)).param("purpose", consentPurpose)
                .param("operator", operator).param("from", today.minusDays(1)).param("until", today.plusDays(30))
                .param("org", UUID.randomUUID()).param("at", OffsetDateTime.now(Zones.SHANGHAI)).update();
        return id;
    }
}
