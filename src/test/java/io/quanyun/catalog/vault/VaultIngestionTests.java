package io.quanyun.catalog.vault;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultIngestionTests {

    private static final Charset GB18030 = Charset.forName("GB18030");

    private static final String PEOPLE = VaultFixture.PERSON_HEADER
            + "370102199001011234,张三,1990-01-01,历下区,12000.50\n"
            + "370103198505052345,李四,1985/5/5,市中区,\n"
            + "370104200012123456,\"王五, Jr.\",,槐荫区,8000\n";

    private static final String SECOND_PEOPLE = VaultFixture.PERSON_HEADER
            + "370112197707077777,赵六,1977-07-07,历城区,5000\n";

    @TempDir
    Path directory;

    private VaultFixture fixture;

    @BeforeEach
    void createVault() {
        fixture = new VaultFixture(directory);
    }

    @AfterEach
    void scratchIsEmptyAfterEveryTest() throws IOException {
        fixture.assertScratchEmpty();
        fixture.close();
    }

    @Test
    void ingest_utf8Csv_roundTripsThroughEncryptedVersion() throws Exception {
        IngestionResult result = fixture.ingestCsv("person", PEOPLE, UTF_8);

        assertThat(result.version()).isEqualTo(1);
        assertThat(result.rowCount()).isEqualTo(3);
        try (DecryptedTable table = fixture.vault.open("person", 1)) {
            assertThat(VaultFixture.query(table, "SELECT id_no, name, CAST(birth_date AS VARCHAR), district, "
                    + "CAST(income AS DOUBLE) FROM DATA ORDER BY id_no")).containsExactly(
                    List.of("370102199001011234", "张三", "1990-01-01", "历下区", "12000.5"),
                    java.util.Arrays.asList("370103198505052345", "李四", "1985-05-05", "市中区", null),
                    java.util.Arrays.asList("370104200012123456", "王五, Jr.", null, "槐荫区", "8000.0"));
            assertThat(Files.getPosixFilePermissions(table.path())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(table.path().toString()).startsWith("/dev/shm/");
        }
    }

    @Test
    void ingest_gb18030Csv_isDetectedAndRoundTrips() throws Exception {
        fixture.ingestCsv("person", PEOPLE, GB18030);

        try (DecryptedTable table = fixture.vault.openCurrent("person")) {
            assertThat(VaultFixture.query(table, "SELECT name, district FROM DATA ORDER BY id_no")).containsExactly(
                    List.of("张三", "历下区"), List.of("李四", "市中区"), List.of("王五, Jr.", "槐荫区"));
        }
    }

    @Test
    void ingest_gb18030Csv_withDeclaredCharset_roundTrips() throws Exception {
        Path file = fixture.write("people.csv", PEOPLE, GB18030);

        fixture.vault.ingest("person", VaultFixture.PERSON, file, SourceFormat.CSV,
                IngestionOptions.defaults().withCharset(GB18030));

        try (DecryptedTable table = fixture.vault.openCurrent("person")) {
            assertThat(VaultFixture.query(table, "SELECT count(*) FROM DATA WHERE district = '槐荫区'"))
                    .containsExactly(List.of("1"));
        }
    }

    @Test
    void ingest_fromStreamWithUtf8ByteOrderMark_roundTrips() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = PEOPLE.getBytes(UTF_8);
        byte[] bytes = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, bytes, 0, bom.length);
        System.arraycopy(body, 0, bytes, bom.length, body.length);

        IngestionResult result = fixture.vault.ingest("person", VaultFixture.PERSON, new ByteArrayInputStream(bytes),
                SourceFormat.CSV, IngestionOptions.defaults());

        assertThat(result.rowCount()).isEqualTo(3);
    }

    @Test
    void ingest_storedFilesNeverContainAPlaintextValue() throws Exception {
        fixture.ingestCsv("person", PEOPLE, UTF_8);

        for (Path file : fixture.storedFiles()) {
            byte[] bytes = Files.readAllBytes(file);
            for (String value : List.of("370102199001011234", "张三", "历下区", "王五")) {
                assertThat(VaultFixture.contains(bytes, value.getBytes(UTF_8)))
                        .as("%s contains a plaintext value", file.getFileName()).isFalse();
            }
            assertThat(VaultFixture.contains(bytes, "PAR1".getBytes(UTF_8))).as("Parquet magic in %s", file).isFalse();
        }
    }

    @Test
    void ingest_createsOwnerOnlyVersionDirectoryWithMetadata() throws Exception {
        IngestionResult result = fixture.ingestCsv("person", PEOPLE, UTF_8);

        Path version = fixture.versionDirectory("person", 1);
        try (Stream<Path> files = Files.list(version)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("data.parquet.sm4", "meta.json", "meta.mac");
        }
        assertThat(Files.getPosixFilePermissions(version)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        for (String name : List.of("data.parquet.sm4", "meta.json", "meta.mac")) {
            assertThat(Files.getPosixFilePermissions(version.resolve(name)))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        VersionMetadata metadata = fixture.vault.metadata("person", 1);
        assertThat(metadata).isEqualTo(result.metadata());
        assertThat(metadata.rowCount()).isEqualTo(3);
        assertThat(metadata.cipher()).isEqualTo(VersionMetadata.CIPHER);
        assertThat(metadata.masterKeyId()).isEqualTo(fixture.masterKey.id());
        assertThat(metadata.createdAt()).isEqualTo(VaultFixture.CLOCK.instant());
        assertThat(metadata.sourceSha256()).isEqualTo(sha256(PEOPLE.getBytes(UTF_8)));
        assertThat(metadata.ciphertextBytes()).isEqualTo(Files.size(version.resolve("data.parquet.sm4")));
        assertThat(metadata.schema()).isEqualTo(VaultFixture.PERSON);
    }

    @Test
    void ingest_twice_makesNewImmutableVersionAndKeepsTheFirst() throws Exception {
        fixture.ingestCsv("person", PEOPLE, UTF_8);
        byte[] firstCiphertext = Files.readAllBytes(fixture.versionDirectory("person", 1).resolve("data.parquet.sm4"));

        IngestionResult second = fixture.ingestCsv("person", SECOND_PEOPLE, UTF_8);

        assertThat(second.version()).isEqualTo(2);
        assertThat(fixture.vault.versions("person")).containsExactly(1, 2);
        assertThat(fixture.vault.currentVersion("person")).hasValue(2);
        assertThat(Files.readAllBytes(fixture.versionDirectory("person", 1).resolve("data.parquet.sm4")))
                .isEqualTo(firstCiphertext);
        assertThat(fixture.vault.metadata("person", 1).wrappedDataKey())
                .isNotEqualTo(fixture.vault.metadata("person", 2).wrappedDataKey());
        try (DecryptedTable first = fixture.vault.open("person", 1); DecryptedTable current = fixture.vault.openCurrent("person")) {
            assertThat(VaultFixture.query(first, "SELECT count(*) FROM DATA")).containsExactly(List.of("3"));
            assertThat(VaultFixture.query(current, "SELECT name FROM DATA")).containsExactly(List.of("赵六"));
        }
    }

    @Test
    void ingest_withWrongColumnCount_leavesCurrentVersionUntouched() throws Exception {
        fixture.ingestCsv("person", PEOPLE, UTF_8);
        String bad = VaultFixture.PERSON_HEADER
                + "370112197707077777,赵六,1977-07-07,历城区,5000\n"
                + "370112197707078888,孙七,1977-07-08,历城区\n"
                + "370112197707079999,周八,1977-07-09,历城区,1,SECRETEXTRA\n";

        IngestionFailed failure = catchThrowableOfType(IngestionFailed.class, () -> fixture.ingestCsv("person", bad, UTF_8));

        assertThat(failure.error()).isEqualTo(VaultError.COLUMN_COUNT);
        assertThat(failure.errors()).extracting(IngestionError::line).containsExactly(3L, 4L);
        assertThat(failure.errors()).extracting(IngestionError::error).containsOnly(VaultError.COLUMN_COUNT);
        assertNoValueIn(failure, "孙七", "SECRETEXTRA", "370112197707078888");
        assertPreviousVersionStillServes();
    }

    @Test
    void ingest_withBadDate_reportsLineAndFieldButNotTheValue() throws Exception {
        fixture.ingestCsv("person", PEOPLE, UTF_8);
        String bad = VaultFixture.PERSON_HEADER
                + "370112197707077777,赵六,1977-07-07,历城区,5000\n"
                + "370112197707078888,孙七,1977-13-45,历城区,5000\n"
                + "370112197707079999,周八,1977-07-09,历城区,lots\n"
                + "370112197707070000,,1977-07-09,历城区,1\n";

        IngestionFailed failure = catchThrowableOfType(IngestionFailed.class, () -> fixture.ingestCsv("person", bad, UTF_8));

        assertThat(failure.error()).isEqualTo(VaultError.TYPE_ERROR);
        assertThat(failure.errors()).containsExactly(
                new IngestionError(3, "birth_date", VaultError.TYPE_ERROR, "not a valid DATE (expected yyyy-MM-dd)"),
                new IngestionError(4, "income", VaultError.TYPE_ERROR, "not a valid DECIMAL"),
                new IngestionError(5, "name", VaultError.MISSING_VALUE, "a value is required"));
        assertThat(failure.getMessage()).contains("line 3", "birth_date");
        assertNoValueIn(failure, "1977-13-45", "lots", "孙七");
        assertPreviousVersionStillServes();
    }

    @Test
    void ingest_withBadEncoding_reportsEncodingErrorAtItsLine() throws Exception {
        fixture.ingestCsv("person", PEOPLE, UTF_8);
        byte[] good = (VaultFixture.PERSON_HEADER + "370112197707077777,zhao,1977-07-07,lixia,5000\n").getBytes(UTF_8);
        byte[] gbk = "370112197707078888,孙七,1977-07-08,历城区,1\n".getBytes(GB18030);
        byte[] bytes = new byte[good.length + gbk.length];
        System.arraycopy(good, 0, bytes, 0, good.length);
        System.arraycopy(gbk, 0, bytes, good.length, gbk.length);
        Path file = Files.write(directory.resolve("mixed.csv"), bytes);

        IngestionFailed failure = catchThrowableOfType(IngestionFailed.class, () -> fixture.vault.ingest("person",
                VaultFixture.PERSON, file, SourceFormat.CSV, IngestionOptions.defaults().withCharset(UTF_8)));

        assertThat(failure.error()).isEqualTo(VaultError.ENCODING);
        assertThat(failure.errors()).singleElement().satisfies(error -> assertThat(error.line()).isEqualTo(3));
        assertPreviousVersionStillServes();
    }

    @Test
    void ingest_gb18030AfterAnAsciiFirstMebibyte_isAnEncodingErrorAskingToDeclareTheCharset() throws Exception {
        StringBuilder csv = new StringBuilder(VaultFixture.PERSON_HEADER);
        int line = 1;
        while (csv.length() < (1 << 20) + 100) {
            csv.append("370112197707077777,zhao,1977-07-07,lixia,5000\n");
            line++;
        }
        byte[] ascii = csv.toString().getBytes(UTF_8);
        byte[] chinese = "370112197707078888,孙七,1977-07-08,历城区,1\n".getBytes(GB18030);
        byte[] bytes = java.util.Arrays.copyOf(ascii, ascii.length + chinese.length);
        System.arraycopy(chinese, 0, bytes, ascii.length, chinese.length);

        IngestionFailed failure = catchThrowableOfType(IngestionFailed.class, () -> fixture.vault.ingest("person",
                VaultFixture.PERSON, new ByteArrayInputStream(bytes), SourceFormat.CSV, IngestionOptions.defaults()));

        assertThat(failure.error()).isEqualTo(VaultError.ENCODING);
        assertThat(failure.errors().get(0).line()).isEqualTo(line + 1);
        assertThat(failure.getMessage()).contains("declare the file's charset");
    }

    @Test
    void ingest_concurrentlyIntoOneDataset_makesConsecutiveCompleteVersions() throws Exception {
        Path first = fixture.write("first.csv", PEOPLE, UTF_8);
        Path second = fixture.write("second.csv", SECOND_PEOPLE, UTF_8);
        Vault otherInstance = new Vault(directory, fixture.masterKey, fixture.scratch, VaultFixture.CLOCK);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var one = threads.submit(() -> fixture.vault.ingest("person", VaultFixture.PERSON, first, SourceFormat.CSV,
                    IngestionOptions.defaults()));
            var two = threads.submit(() -> otherInstance.ingest("person", VaultFixture.PERSON, second, SourceFormat.CSV,
                    IngestionOptions.defaults()));

            assertThat(List.of(one.get().version(), two.get().version())).containsExactlyInAnyOrder(1, 2);
        } finally {
            threads.shutdown();
        }
        for (int version : fixture.vault.versions("person")) {
            try (DecryptedTable table = fixture.vault.open("person", version)) {
                assertThat(VaultFixture.query(table, "SELECT count(*) FROM DATA").get(0).get(0)).isIn("1", "3");
            }
        }
        assertThat(fixture.vault.versions("person")).containsExactly(1, 2);
    }

    @Test
    void ingest_parquetPathThatIsNotParquet_isMalformed() throws Exception {
        Path file = fixture.write("fake.parquet", PEOPLE, UTF_8);

        IngestionFailed failure = catchThrowableOfType(IngestionFailed.class, () -> fixture.vault.ingest("person",
                VaultFixture.PERSON, file, SourceFormat.PARQUET, IngestionOptions.defaults()));

        assertThat(failure.error()).isEqualTo(VaultError.MALFORMED);
        assertNoValueIn(failure, "张三", "370102199001011234");
    }

    @Test
    void ingest_withHeaderNotMatchingSchema_isRefusedWithoutEchoingTheHeader() throws Exception {
        String headless = "370112197707077777,赵六,1977-07-07,历城区,5000\n";

        IngestionFailed failure = catchThrowableOfType(IngestionFailed.class, () -> fixture.ingestCsv("person", headless, UTF_8));

        assertThat(failure.error()).isEqualTo(VaultError.HEADER_MISMATCH);
        assertThat(failure.errors().get(0).line()).isEqualTo(1);
        assertNoValueIn(failure, "370112197707077777", "赵六");
        assertThat(fixture.vault.versions("person")).isEmpty();
    }

    @Test
    void ingest_withUnbalancedQuote_isMalformed() throws Exception {
        String bad = VaultFixture.PERSON_HEADER + "370112197707077777,\"赵六\"x,1977-07-07,历城区,5000\n";

        IngestionFailed failure = catchThrowableOfType(IngestionFailed.class, () -> fixture.ingestCsv("person", bad, UTF_8));

        assertThat(failure.error()).isEqualTo(VaultError.MALFORMED);
        assertThat(failure.errors().get(0).line()).isEqualTo(2);
    }

    @Test
    void ingest_withManyBadRows_stopsAtTheErrorLimit() throws Exception {
        StringBuilder csv = new StringBuilder(VaultFixture.PERSON_HEADER);
        for (int row = 0; row < 100; row++) {
            csv.append("37011219770707").append(1000 + row).append(",x,not-a-date,历城区,1\n");
        }

        IngestionFailed failure = catchThrowableOfType(IngestionFailed.class, () -> fixture.vault.ingest("person",
                VaultFixture.PERSON, fixture.write("many.csv", csv.toString(), UTF_8), SourceFormat.CSV,
                IngestionOptions.defaults().withMaxErrors(5)));

        assertThat(failure.error()).isEqualTo(VaultError.TOO_MANY_ERRORS);
        assertThat(failure.errors()).hasSize(5).extracting(IngestionError::line).containsExactly(2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void ingest_withMatchingDeclaredChecksum_isAccepted() throws Exception {
        Path file = fixture.write("people.csv", PEOPLE, UTF_8);

        IngestionResult result = fixture.vault.ingest("person", VaultFixture.PERSON, file, SourceFormat.CSV,
                IngestionOptions.defaults().withDeclaredChecksum(DeclaredChecksum.sha256(sha256(Files.readAllBytes(file)))));

        assertThat(result.version()).isEqualTo(1);
    }

    @Test
    void ingest_withMismatchingDeclaredChecksum_leavesCurrentVersionUntouched() throws Exception {
        fixture.ingestCsv("person", PEOPLE, UTF_8);
        Path file = fixture.write("people2.csv", SECOND_PEOPLE, UTF_8);
        String checksumOfAnotherFile = sha256(PEOPLE.getBytes(UTF_8));

        IngestionFailed failure = catchThrowableOfType(IngestionFailed.class, () -> fixture.vault.ingest("person",
                VaultFixture.PERSON, file, SourceFormat.CSV,
                IngestionOptions.defaults().withDeclaredChecksum(DeclaredChecksum.sm3(checksumOfAnotherFile))));

        assertThat(failure.error()).isEqualTo(VaultError.CHECKSUM_MISMATCH);
        assertPreviousVersionStillServes();
    }

    @Test
    void ingest_withBadHeader_reportsTheChecksumFirstOnlyWhenItDiffers() throws Exception {
        String headless = "370112197707077777,赵六,1977-07-07,历城区,5000\n".repeat(10_000);
        Path file = fixture.write("headless.csv", headless, UTF_8);
        String rightChecksum = sha256(Files.readAllBytes(file));
        String wrongChecksum = sha256(new byte[0]);

        IngestionFailed withRightChecksum = catchThrowableOfType(IngestionFailed.class, () -> fixture.vault.ingest("person",
                VaultFixture.PERSON, file, SourceFormat.CSV,
                IngestionOptions.defaults().withDeclaredChecksum(DeclaredChecksum.sha256(rightChecksum))));
        IngestionFailed withWrongChecksum = catchThrowableOfType(IngestionFailed.class, () -> fixture.vault.ingest("person",
                VaultFixture.PERSON, file, SourceFormat.CSV,
                IngestionOptions.defaults().withDeclaredChecksum(DeclaredChecksum.sha256(wrongChecksum))));

        assertThat(withRightChecksum.errors()).extracting(IngestionError::error).containsExactly(VaultError.HEADER_MISMATCH);
        assertThat(withWrongChecksum.errors()).extracting(IngestionError::error)
                .containsExactly(VaultError.CHECKSUM_MISMATCH, VaultError.HEADER_MISMATCH);
    }

    @Test
    void ingest_crashingAtAnyStage_leavesNoPartialVersionAndNoPlaintext() throws Exception {
        fixture.ingestCsv("person", PEOPLE, UTF_8);
        Path file = fixture.write("people2.csv", SECOND_PEOPLE, UTF_8);
        for (IngestionStage crashAt : IngestionStage.values()) {
            Vault crashing = fixture.withHook(stage -> {
                if (stage == crashAt) {
                    throw new IllegalStateException("simulated crash at " + stage);
                }
            });

            assertThatThrownBy(() -> crashing.ingest("person", VaultFixture.PERSON, file, SourceFormat.CSV,
                    IngestionOptions.defaults())).hasMessageContaining("simulated crash at " + crashAt);

            try (Stream<Path> entries = Files.list(directory.resolve("vault/person"))) {
                assertThat(entries.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder(".lock", "v1");
            }
            assertPreviousVersionStillServes();
            fixture.assertScratchEmpty();
        }
    }

    @Test
    void newVault_removesStagingDirectoriesAKilledProcessLeft() throws Exception {
        fixture.ingestCsv("person", PEOPLE, UTF_8);
        Path abandoned = Files.createDirectory(directory.resolve("vault/person/.staging-abandoned"));
        Files.writeString(abandoned.resolve("data.parquet.sm4"), "ciphertext");

        new Vault(directory, fixture.masterKey, fixture.scratch, VaultFixture.CLOCK);

        assertThat(abandoned).doesNotExist();
        assertPreviousVersionStillServes();
    }

    @Test
    void ingest_parquetSource_isCheckedAndConverted() throws Exception {
        Path parquet = directory.resolve("people.parquet");
        try (var connection = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                var statement = connection.createStatement()) {
            statement.execute("COPY (SELECT '3701' || i AS id_no, '名' || i AS name, DATE '2000-01-01' + i::INTEGER AS birth_date, "
                    + "CASE WHEN i % 2 = 0 THEN '历下区' ELSE '市中区' END AS district, CAST(i AS DECIMAL(10,2)) AS income "
                    + "FROM range(1000) t(i)) TO '" + parquet + "' (FORMAT parquet)");
        }

        IngestionResult result = fixture.vault.ingest("person", VaultFixture.PERSON, parquet, SourceFormat.PARQUET,
                IngestionOptions.defaults());

        assertThat(result.rowCount()).isEqualTo(1000);
        try (DecryptedTable table = fixture.vault.openCurrent("person")) {
            assertThat(VaultFixture.query(table, "SELECT district, count(*) FROM DATA GROUP BY district ORDER BY district"))
                    .containsExactly(List.of("历下区", "500"), List.of("市中区", "500"));
            assertThat(VaultFixture.query(table, "SELECT typeof(income), typeof(birth_date) FROM DATA LIMIT 1"))
                    .containsExactly(List.of("DECIMAL(38,10)", "DATE"));
        }
    }

    @Test
    void ingest_parquetSourceWithNullInRequiredFieldAndWrongType_isRefusedWithRowNumbers() throws Exception {
        Path nulls = directory.resolve("nulls.parquet");
        Path wrongType = directory.resolve("wrong.parquet");
        try (var connection = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                var statement = connection.createStatement()) {
            statement.execute("COPY (SELECT '3701' || i AS id_no, CASE WHEN i = 7 THEN NULL ELSE 'n' END AS name, "
                    + "NULL::DATE AS birth_date, 'd' AS district, NULL::DECIMAL(10,2) AS income FROM range(10) t(i)) TO '"
                    + nulls + "' (FORMAT parquet)");
            statement.execute("COPY (SELECT 'a' AS id_no, 'n' AS name, 'not a date' AS birth_date, 'd' AS district, "
                    + "1.5::DOUBLE AS income) TO '" + wrongType + "' (FORMAT parquet)");
        }

        IngestionFailed missing = catchThrowableOfType(IngestionFailed.class, () -> fixture.vault.ingest("person",
                VaultFixture.PERSON, nulls, SourceFormat.PARQUET, IngestionOptions.defaults()));
        IngestionFailed typed = catchThrowableOfType(IngestionFailed.class, () -> fixture.vault.ingest("person",
                VaultFixture.PERSON, wrongType, SourceFormat.PARQUET, IngestionOptions.defaults()));

        assertThat(missing.errors()).containsExactly(
                new IngestionError(8, "name", VaultError.MISSING_VALUE, "a value is required"));
        assertThat(typed.errors()).extracting(IngestionError::field, IngestionError::error).containsExactly(
                org.assertj.core.groups.Tuple.tuple("birth_date", VaultError.TYPE_ERROR),
                org.assertj.core.groups.Tuple.tuple("income", VaultError.TYPE_ERROR));
        assertThat(fixture.vault.versions("person")).isEmpty();
    }

    @Test
    void ingest_manyRowsAcrossParts_keepsOrderAndCount() throws Exception {
        fixture.close();
        fixture = new VaultFixture(directory.resolve("parts"), MasterKey.generateInto(directory.resolve("parts.key")),
                IngestionHook.NONE, 1000, 4096);
        StringBuilder csv = new StringBuilder(VaultFixture.PERSON_HEADER);
        for (int row = 0; row < 3500; row++) {
            csv.append(String.format("%018d", row)).append(",名").append(row).append(",2000-01-01,历下区,").append(row).append('\n');
        }

        IngestionResult result = fixture.ingestCsv("person", csv.toString(), UTF_8);

        assertThat(result.rowCount()).isEqualTo(3500);
        try (DecryptedTable table = fixture.vault.openCurrent("person")) {
            assertThat(VaultFixture.query(table, "SELECT count(*), sum(income)::BIGINT, count(DISTINCT id_no) FROM DATA"))
                    .containsExactly(List.of("3500", String.valueOf(3499L * 3500 / 2), "3500"));
            assertThat(VaultFixture.query(table, "SELECT bool_and(income = rn - 1) FROM (SELECT income, row_number() OVER () AS rn FROM DATA)"))
                    .containsExactly(List.of("true"));
        }
    }

    @Test
    void ingest_computesQualityProfileWithoutRangesForIdentifierFields() throws Exception {
        DatasetSchema schema = DatasetSchema.of(
                FieldSpec.required("id_no", FieldType.INTEGER),
                FieldSpec.optional("birth_date", FieldType.DATE),
                FieldSpec.required("district", FieldType.STRING),
                FieldSpec.optional("amount", FieldType.DECIMAL),
                FieldSpec.optional("active", FieldType.BOOLEAN),
                FieldSpec.optional("seen_at", FieldType.TIMESTAMP));
        String csv = "id_no,birth_date,district,amount,active,seen_at\n"
                + "101,1990-01-01,历下区,10.5,是,2024-01-01 08:00:00\n"
                + "102,,历下区,,false,2024-01-02T09:30\n"
                + "103,2001-12-31,市中区,99,1,\n";

        IngestionResult result = fixture.vault.ingest("income", schema, fixture.write("income.csv", csv, UTF_8),
                SourceFormat.CSV, IngestionOptions.defaults().withIdentifierFields(Set.of("id_no")));

        QualityProfile quality = result.quality();
        assertThat(quality.rowCount()).isEqualTo(3);
        assertThat(quality.field("id_no")).hasValue(new FieldProfile("id_no", 0, 3, true, null, null));
        assertThat(quality.field("birth_date")).hasValue(new FieldProfile("birth_date", 1, 2, true, "1990-01-01", "2001-12-31"));
        assertThat(quality.field("district")).hasValue(new FieldProfile("district", 0, 2, true, null, null));
        assertThat(quality.field("amount").orElseThrow().nullCount()).isEqualTo(1);
        assertThat(quality.field("amount").orElseThrow().maximum()).startsWith("99");
        assertThat(quality.field("seen_at").orElseThrow().minimum()).isEqualTo("2024-01-01 08:00:00");
        assertThat(quality.field("birth_date").orElseThrow().completeness(3)).isEqualTo(2.0 / 3);
        assertThat(fixture.vault.metadata("income", 1).quality()).isEqualTo(quality);
    }

    @Test
    void ingest_withIdentifierFieldNotInSchema_isAProgrammingError() {
        assertThatThrownBy(() -> fixture.vault.ingest("person", VaultFixture.PERSON, new ByteArrayInputStream(new byte[0]),
                SourceFormat.CSV, IngestionOptions.defaults().withIdentifierFields(Set.of("phone"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ingest_withPathTraversalInDatasetId_isRefused() {
        assertThatThrownBy(() -> fixture.vault.ingest("../etc", VaultFixture.PERSON, new ByteArrayInputStream(new byte[0]),
                SourceFormat.CSV, IngestionOptions.defaults())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void open_unknownVersion_isNotFound() {
        assertThatThrownBy(() -> fixture.vault.open("person", 1))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.error()).isEqualTo(VaultError.NOT_FOUND));
    }

    @Test
    void close_deletesThePlaintextAndIsIdempotent() throws Exception {
        fixture.ingestCsv("person", PEOPLE, UTF_8);
        DecryptedTable table = fixture.vault.open("person", 1);
        Path plaintext = table.path();

        table.close();
        table.close();

        assertThat(plaintext).doesNotExist();
        assertThatThrownBy(table::path).isInstanceOf(IllegalStateException.class);
    }

    private void assertPreviousVersionStillServes() throws Exception {
        assertThat(fixture.vault.versions("person")).containsExactly(1);
        try (DecryptedTable table = fixture.vault.openCurrent("person")) {
            assertThat(VaultFixture.query(table, "SELECT count(*) FROM DATA")).containsExactly(List.of("3"));
        }
    }

    private static void assertNoValueIn(VaultException failure, String... values) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        String everything = trace + failure.toString() + (failure instanceof IngestionFailed ingestion ? ingestion.errors() : "");
        for (String value : values) {
            assertThat(everything).as("error output leaks a value").doesNotContain(value);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
