package io.quanyun.sandbox;

import static io.quanyun.sandbox.SandboxApiTestSupport.body;
import static io.quanyun.sandbox.SandboxApiTestSupport.query;
import static io.quanyun.sandbox.SandboxApiTestSupport.workspace;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.quanyun.access.GrantDescriptor;
import io.quanyun.sandbox.engine.RowFilter;
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
    @Autowired GrantTranslation translation;
    @Autowired ConsentFilters consentFilters;
    @Autowired io.quanyun.catalog.vault.Vault vault;
    @Autowired SandboxSettings settings;
    @Autowired ModelTraining training;

    String purpose;
    UUID workspace;
    GrantDescriptor grant;
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
        grant = grants.grant("同意范围内的统计", "THRESHOLD", BigDecimal.TEN, BigDecimal.ONE, 5, purpose,
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
    void aConsentRecordedOnAnotherNode_showsAtTheNextQuery_withoutAnEventHere() throws Exception {
        String sql = "SELECT district, COUNT(*) AS n FROM person GROUP BY district";
        java.util.Set<java.nio.file.Path> others = tables.filteredCopies(); // other tests' grants' copies
        assertThat(counts(released(sql))).isEqualTo(expectedPersonsByDistrict(i -> i % 3 == 0));
        java.util.Set<java.nio.file.Path> copies = new java.util.HashSet<>(tables.filteredCopies());
        copies.removeAll(others);
        assertThat(copies).isNotEmpty();
        // written into the registry's tables as another node's registry would (the record and the generation raised):
        // no ConsentChanged here, so only the generation the query reads from the registry can tell the copy is stale
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

    @Test
    void recordQueryWithdrawQuery_countsFollowTheRegistry_andEachStateGetsItsOwnCopy() throws Exception {
        String sql = "SELECT district, COUNT(*) AS n FROM person GROUP BY district";
        String district = DemoData.LARGE_DISTRICTS.get(5);
        java.util.Set<java.nio.file.Path> others = tables.filteredCopies(); // other tests' grants' copies
        Map<String, Integer> before = counts(released(sql));
        long written = tables.copiesWritten();
        assertThat(counts(released(sql))).isEqualTo(before);
        assertThat(tables.copiesWritten()).as("the same consent state: the copies are reused").isEqualTo(written);

        // six persons of the district who had not consented now do (another node's registry, no event here)
        List<UUID> added = new ArrayList<>();
        for (int i = 15; i < DemoData.PEOPLE && added.size() < 6; i++) {
            if (i % 3 == 1 && DemoData.LARGE_DISTRICTS.get(i % 8).equals(district)) {
                added.add(consent(id(i), purpose, grants.operatorId()));
            }
        }
        java.util.Set<java.nio.file.Path> stale = new java.util.HashSet<>(tables.filteredCopies());
        stale.removeAll(others);
        assertThat(stale).isNotEmpty();
        Map<String, Integer> recorded = counts(released(sql));
        assertThat(recorded.get(district)).isEqualTo(before.get(district) + 6);
        assertThat(tables.copiesWritten()).as("a new consent state: new copies").isGreaterThan(written);
        stale.forEach(old -> assertThat(old).as("the stale copy is gone").doesNotExist());

        // withdrawn through the registry (ConsentChanged and a new generation)
        Actors.runAs(Actor.system(), () -> {
            added.forEach(consents::withdraw);
            return null;
        });
        long beforeWithdrawnQuery = tables.copiesWritten();
        assertThat(counts(released(sql))).isEqualTo(before);
        assertThat(tables.copiesWritten()).isGreaterThan(beforeWithdrawnQuery);
    }

    @Test
    void theCopy_andTheDecryptedVersion_areReadableByTheOwnerOnly() throws Exception {
        RowFilter filter = filters().get("person");
        try (DecryptedTableCache.Lease lease = lease(tables, "person")) {
            java.nio.file.Path copy = lease.consentFiltered(grant.id().toString(), "person", filter);
            org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.getFileStore(copy)
                    .supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class),
                    "the scratch file system has no POSIX permissions");
            var ownerOnly = java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
            assertThat(java.nio.file.Files.readAttributes(copy, java.nio.file.attribute.PosixFileAttributes.class)
                    .permissions()).isEqualTo(ownerOnly);
            assertThat(java.nio.file.Files.readAttributes(lease.path(),
                    java.nio.file.attribute.PosixFileAttributes.class).permissions()).isEqualTo(ownerOnly);
            assertThat(java.nio.file.Files.readAttributes(copy.getParent(),
                    java.nio.file.attribute.PosixFileAttributes.class).permissions())
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void twoQueriesWantingTheSameCopyAtOnce_getOneCompleteCopy() throws Exception {
        RowFilter filter = filters().get("person");
        tables.on(new io.quanyun.catalog.ConsentChanged(null)); // no copy held: both must build or wait
        long written = tables.copiesWritten();
        var start = new java.util.concurrent.CyclicBarrier(2);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Map.Entry<java.nio.file.Path, Long>>> both = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                both.add(pool.submit(() -> {
                    start.await();
                    try (DecryptedTableCache.Lease lease = lease(tables, "person")) {
                        java.nio.file.Path copy = lease.consentFiltered(grant.id().toString(), "person", filter);
                        return Map.entry(copy, rowsIn(copy));
                    }
                }));
            }
            var first = both.get(0).get(2, java.util.concurrent.TimeUnit.MINUTES);
            var second = both.get(1).get(2, java.util.concurrent.TimeUnit.MINUTES);
            assertThat(second.getKey()).isEqualTo(first.getKey());
            long consenting = java.util.stream.IntStream.range(0, DemoData.PEOPLE).filter(i -> i % 3 == 0).count();
            assertThat(first.getValue()).isEqualTo(consenting);
            assertThat(second.getValue()).isEqualTo(consenting);
            assertThat(tables.copiesWritten()).as("written once").isEqualTo(written + 1);
            try (var files = java.nio.file.Files.list(first.getKey().getParent())) {
                assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCopyEvictedWhileAQueryReadsIt_staysReadableUntilThatQueryIsDone() throws Exception {
        RowFilter filter = filters().get("person");
        DecryptedTableCache.Lease reading = lease(tables, "person");
        java.nio.file.Path copy;
        try {
            copy = reading.consentFiltered(grant.id().toString(), "person", filter);
            long rows = rowsIn(copy);
            tables.on(new io.quanyun.catalog.ConsentChanged(null));
            assertThat(tables.filteredCopies()).doesNotContain(copy);
            assertThat(copy).exists();
            assertThat(rowsIn(copy)).isEqualTo(rows);
            try (DecryptedTableCache.Lease next = lease(tables, "person")) {
                java.nio.file.Path fresh = next.consentFiltered(grant.id().toString(), "person", filter);
                assertThat(fresh).isNotEqualTo(copy);
                assertThat(rowsIn(fresh)).isEqualTo(rows);
            }
        } finally {
            reading.close();
        }
        assertThat(copy).as("deleted when its last reader is done").doesNotExist();
    }

    @Test
    void copiesBeyondTheBytesOrTheCountAllowed_areDroppedLeastRecentlyUsedFirst() throws Exception {
        Map<String, RowFilter> filters = filters();
        long personBytes;
        long incomeBytes;
        try (DecryptedTableCache.Lease person = lease(tables, "person");
                DecryptedTableCache.Lease income = lease(tables, "income")) {
            personBytes = java.nio.file.Files.size(person.consentFiltered(grant.id().toString(), "person",
                    filters.get("person")));
            incomeBytes = java.nio.file.Files.size(income.consentFiltered(grant.id().toString(), "income",
                    filters.get("income")));
        }
        // room for both copies' count, not for both copies' bytes
        assertLeastRecentlyUsedDropped(new DecryptedTableCache(vault, bounded(8,
                org.springframework.util.unit.DataSize.ofBytes(personBytes + incomeBytes - 1))), filters);
        // room for the bytes, not the count
        assertLeastRecentlyUsedDropped(new DecryptedTableCache(vault, bounded(1,
                org.springframework.util.unit.DataSize.ofGigabytes(1))), filters);
        // a copy larger than the bytes allowed serves the query that wrote it only
        DecryptedTableCache tiny = new DecryptedTableCache(vault, bounded(8,
                org.springframework.util.unit.DataSize.ofBytes(1)));
        try {
            java.nio.file.Path copy;
            try (DecryptedTableCache.Lease lease = lease(tiny, "person")) {
                copy = lease.consentFiltered(grant.id().toString(), "person", filters.get("person"));
                assertThat(rowsIn(copy)).isPositive();
            }
            assertThat(copy).doesNotExist();
            assertThat(tiny.filteredCopies()).isEmpty();
        } finally {
            tiny.closeAll();
        }
    }

    private void assertLeastRecentlyUsedDropped(DecryptedTableCache cache, Map<String, RowFilter> filters)
            throws Exception {
        try {
            java.nio.file.Path person;
            try (DecryptedTableCache.Lease lease = lease(cache, "person")) {
                person = lease.consentFiltered(grant.id().toString(), "person", filters.get("person"));
            }
            java.nio.file.Path income;
            try (DecryptedTableCache.Lease lease = lease(cache, "income")) {
                income = lease.consentFiltered(grant.id().toString(), "income", filters.get("income"));
            }
            assertThat(cache.filteredCopies()).containsExactly(income);
            assertThat(cache.filteredBytes()).isEqualTo(java.nio.file.Files.size(income));
            assertThat(person).as("the least recently used copy is deleted").doesNotExist();
            assertThat(cache.copiesWritten()).isEqualTo(2);
        } finally {
            cache.closeAll();
        }
    }

    private SandboxSettings bounded(int copies, org.springframework.util.unit.DataSize bytes) {
        return new SandboxSettings(settings.queryTimeout(), settings.maxResultRows(), settings.maxConcurrentQueries(),
                settings.maxRowsPerUnit(), settings.engineMemory(), settings.engineThreads(), settings.selectionDelta(),
                copies, bytes, settings.engineIdleTimeout(), settings.engineDatabases(), settings.measureBounds());
    }

    private Map<String, RowFilter> filters() {
        return Actors.runAs(Actor.system(), () -> consentFilters.of(translation.translate(grant), grant));
    }

    private DecryptedTableCache.Lease lease(DecryptedTableCache cache, String table) {
        String datasetId = translation.translate(grant).tables().stream().filter(t -> t.table().name().equals(table))
                .findFirst().orElseThrow().datasetId();
        return cache.lease(datasetId, cache.currentVersion(datasetId).getAsInt());
    }

    private static long rowsIn(java.nio.file.Path parquet) throws Exception {
        try (var connection = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                var statement = connection.createStatement();
                var result = statement.executeQuery("SELECT count(*) FROM read_parquet('" + parquet + "')")) {
            result.next();
            return result.getLong(1);
        }
    }

    @Test
    void modelTraining_readsTheGrantsConsentFilteredCopy_andScoresConsentingSubjectsOnly() throws Exception {
        MvcResult created = query(mvc, workspace, "CREATE TABLE earners AS SELECT p.id_no, i.amount, i.year "
                + "FROM person p JOIN income i ON i.id_no = p.id_no WHERE i.year = 2024");
        assertThat(created.getResponse().getStatus()).as(body(created)).isEqualTo(200);
        tables.on(new io.quanyun.catalog.ConsentChanged(null)); // no copy held
        long written = tables.copiesWritten();
        UUID userId = jdbc.sql("select id from app_user where username = 'operator'").query(UUID.class).single();
        Actor operator = new Actor(userId, "operator", grants.operatorId(), "operator",
                io.quanyun.shared.OrganizationType.OPERATOR, java.util.Set.of(io.quanyun.shared.Role.OPERATOR_ENGINEER),
                null);
        java.util.Set<String> scored = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Actors.runAs(operator, () -> training.train(new TrainModel(grant.id(), ModelKind.LINEAR_REGRESSION, "earners",
                List.of(new TrainModel.Feature("amount", 0, 1_000_000)), "year", 2000, 2100, 1.0),
                (entity, score) -> scored.add(entity)));
        long afterTraining = tables.copiesWritten();
        assertThat(afterTraining).as("training wrote the grant's copies").isGreaterThan(written);
        released("SELECT district, COUNT(*) AS n FROM person GROUP BY district");
        assertThat(tables.copiesWritten()).as("and the next query reads them").isEqualTo(afterTraining);
        java.util.Set<String> consenting = new java.util.HashSet<>();
        for (int i = 0; i < DemoData.PEOPLE; i += 3) {
            consenting.add(id(i));
        }
        assertThat(scored).isEqualTo(consenting);
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
        raiseGeneration(consentPurpose, operator);
        return id;
    }

    /** What the registry does in the transaction of every recording and withdrawal. */
    private void raiseGeneration(String consentPurpose, UUID operator) {
        if (jdbc.sql("update consent_generation set generation = generation + 1 where purpose = :p and operator_id = :o")
                .param("p", consentPurpose).param("o", operator).update() == 0) {
            jdbc.sql("insert into consent_generation (purpose, operator_id, generation) values (:p, :o, 1)")
                    .param("p", consentPurpose).param("o", operator).update();
        }
    }
}
