package io.quanyun.sandbox;

import io.quanyun.access.GrantDescriptor;
import io.quanyun.access.GrantDirectory;
import io.quanyun.access.GrantState;
import io.quanyun.access.GrantedDataset;
import io.quanyun.access.PrivacyTerms;
import io.quanyun.catalog.DatasetDescriptor;
import io.quanyun.catalog.DatasetDirectory;
import io.quanyun.catalog.vault.DatasetSchema;
import io.quanyun.catalog.vault.FieldSpec;
import io.quanyun.catalog.vault.FieldType;
import io.quanyun.catalog.vault.IngestionOptions;
import io.quanyun.catalog.vault.SourceFormat;
import io.quanyun.catalog.vault.Vault;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Test wiring for the sandbox's application tests: a {@link GrantDirectory} the tests fill with grants
 * they build (access implements the real one in parallel), and demo data ingested through the vault
 * once per context. Imported only by sandbox test classes.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SandboxTestGrants {

    @Bean
    @org.springframework.context.annotation.Primary
    TestGrantDirectory testGrantDirectory(DatasetDirectory datasets, Vault vault, IdentityManagement identity) {
        return new TestGrantDirectory(datasets, vault, identity);
    }

    /** Grants held in memory; tests add, suspend and restore them. */
    public static final class TestGrantDirectory implements GrantDirectory {

        private final Map<UUID, GrantDescriptor> grants = new ConcurrentHashMap<>();
        private final DatasetDirectory datasets;
        private final Vault vault;
        private final IdentityManagement identity;
        private volatile boolean ingested;

        TestGrantDirectory(DatasetDirectory datasets, Vault vault, IdentityManagement identity) {
            this.datasets = datasets;
            this.vault = vault;
            this.identity = identity;
        }

        @Override
        public Optional<GrantDescriptor> find(UUID grantId) {
            return Optional.ofNullable(grants.get(grantId));
        }

        @Override
        public List<GrantDescriptor> activeFor(UUID operatorId) {
            return grants.values().stream().filter(g -> g.operatorId().equals(operatorId) && g.isActive()).toList();
        }

        /** The demo operator 泉城数据科技有限公司. */
        public UUID operatorId() {
            return organization(OrganizationType.OPERATOR, "泉城数据科技有限公司");
        }

        UUID authorityId() {
            return organization(OrganizationType.AUTHORITY, "济南市大数据局");
        }

        private UUID organization(OrganizationType type, String name) {
            return Actors.runAs(Actor.system(), () -> identity.organizationsOfType(type).stream()
                    .filter(o -> o.name().equals(name)).map(OrganizationView::id).findFirst().orElseThrow());
        }

        /** A new active grant of the demo operator on the given tables. */
        public GrantDescriptor grant(String scenario, String mode, BigDecimal total, BigDecimal perQuery,
                String... codes) {
            return grant(scenario, mode, total, perQuery, 10, null, codes);
        }

        /** A new active grant with its k and, when it touches sensitive personal fields, its consent purpose. */
        public GrantDescriptor grant(String scenario, String mode, BigDecimal total, BigDecimal perQuery,
                int minimumGroupSize, String consentPurpose, String... codes) {
            ingestDemoData();
            var granted = new java.util.ArrayList<GrantedDataset>();
            for (String code : codes) {
                DatasetDescriptor dataset = datasets.findByCode(code).orElseThrow();
                granted.add(new GrantedDataset(dataset.id(), code,
                        dataset.fields().stream().map(f -> f.name()).toList()));
            }
            var grant = new GrantDescriptor(UUID.randomUUID(), UUID.randomUUID(), operatorId(), UUID.randomUUID(),
                    authorityId(), scenario, granted, new PrivacyTerms(mode, minimumGroupSize, total, perQuery),
                    consentPurpose,
                    Instant.now().plus(30, ChronoUnit.DAYS), GrantState.ACTIVE);
            grants.put(grant.id(), grant);
            return grant;
        }

        /** Moves a grant to another state (the event is published by the test). */
        public void setState(UUID grantId, GrantState state) {
            grants.computeIfPresent(grantId, (id, g) -> new GrantDescriptor(g.id(), g.requestId(), g.operatorId(),
                    g.agreementId(), g.authorizerId(), g.scenario(), g.datasets(), g.privacy(), g.consentPurpose(),
                    g.expiresAt(), state));
        }

        /** Writes the demo tables as CSV and ingests them through the vault, once. */
        public synchronized void ingestDemoData() {
            if (ingested) {
                return;
            }
            try {
                Path directory = Files.createTempDirectory("sandbox-demo");
                SandboxDemoTables.writeCsv(directory);
                ingest("person", directory.resolve("person.csv"), DatasetSchema.of(
                        FieldSpec.required("id_no", FieldType.STRING), FieldSpec.required("name", FieldType.STRING),
                        FieldSpec.required("gender", FieldType.STRING), FieldSpec.required("birth_date", FieldType.DATE),
                        FieldSpec.required("district", FieldType.STRING), FieldSpec.required("address", FieldType.STRING),
                        FieldSpec.required("phone", FieldType.STRING)));
                ingest("income", directory.resolve("income.csv"), DatasetSchema.of(
                        FieldSpec.required("id_no", FieldType.STRING), FieldSpec.required("year", FieldType.INTEGER),
                        FieldSpec.required("amount", FieldType.DECIMAL)));
                ingest("clinic_visit", directory.resolve("clinic_visit.csv"), DatasetSchema.of(
                        FieldSpec.required("id_no", FieldType.STRING), FieldSpec.required("visit_date", FieldType.DATE),
                        FieldSpec.required("hospital", FieldType.STRING),
                        FieldSpec.required("diagnosis_code", FieldType.STRING)));
                ingested = true;
            } catch (Exception e) {
                throw new IllegalStateException("could not ingest the sandbox demo data", e);
            }
        }

        private void ingest(String code, Path csv, DatasetSchema schema) {
            String id = datasets.findByCode(code).orElseThrow().id().toString();
            vault.ingest(id, schema, csv, SourceFormat.CSV, IngestionOptions.defaults());
        }
    }

    /** The demo tables of the application tests, the same shapes as the core's {@link DemoData}. */
    static final class SandboxDemoTables {

        /** Persons with many clinic visits, to make a slow self-join. */
        static final int FREQUENT_PATIENTS = 60;
        static final int VISITS_EACH = 4000;

        private SandboxDemoTables() {
        }

        static void writeCsv(Path directory) throws Exception {
            String districts = "['" + String.join("','", DemoData.LARGE_DISTRICTS) + "']";
            try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE person AS SELECT "
                        + "'3701' || lpad(CAST(i AS VARCHAR), 14, '0') AS id_no, '张' || CAST(i AS VARCHAR) AS name, "
                        + "CASE WHEN i % 2 = 0 THEN '男' ELSE '女' END AS gender, "
                        + "DATE '1950-01-01' + CAST((i * 37) % 20000 AS INTEGER) AS birth_date, "
                        + "CASE WHEN i < 3 THEN '" + DemoData.TINY_DISTRICT + "' WHEN i < 15 THEN '"
                        + DemoData.WHALE_DISTRICT + "' ELSE " + districts + "[1 + i % 8] END AS district, "
                        + "'经十路' || CAST(i AS VARCHAR) || '号' AS address, "
                        + "'138' || lpad(CAST(i AS VARCHAR), 8, '0') AS phone "
                        + "FROM range(" + DemoData.PEOPLE + ") t(i)");
                statement.execute("CREATE TABLE income AS SELECT p.id_no, y.year, "
                        + "CAST(CASE WHEN p.id_no = '" + DemoData.WHALE_ID + "' THEN 5000000 "
                        + "WHEN p.district = '" + DemoData.WHALE_DISTRICT + "' THEN 50000 "
                        + "ELSE 30000 + (CAST(substr(p.id_no, 5) AS BIGINT) * 7919 + y.year * 13) % 170000 END "
                        + "AS DECIMAL(18,2)) AS amount "
                        + "FROM person p CROSS JOIN (SELECT CAST(range AS BIGINT) AS year FROM range(2022, 2025)) y");
                statement.execute("CREATE TABLE clinic_visit AS SELECT "
                        + "'3701' || lpad(CAST(i % " + FREQUENT_PATIENTS + " + 100 AS VARCHAR), 14, '0') AS id_no, "
                        + "DATE '2024-01-01' + CAST(i % 360 AS INTEGER) AS visit_date, "
                        + "['齐鲁医院','省立医院','市中心医院'][1 + i % 3] AS hospital, "
                        + "['J06','I10','E11','K29'][1 + i % 4] AS diagnosis_code "
                        + "FROM range(" + FREQUENT_PATIENTS * VISITS_EACH + ") t(i)");
                for (String table : List.of("person", "income", "clinic_visit")) {
                    statement.execute("COPY " + table + " TO '" + directory.resolve(table + ".csv").toAbsolutePath()
                            + "' (HEADER, DELIMITER ',')");
                }
            }
        }
    }
}
