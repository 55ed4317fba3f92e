package io.quanyun.catalog;

import static io.quanyun.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.hasItems;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.catalog.vault.SourceFormat;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.support.PlatformTest;

/**
 * Ingestion through the catalog: the demo datasets are in the vault with quality profiles; files are ingested by
 * API, console and command line; malformed files of every kind are refused with line numbers while the previous
 * version still serves; no endpoint, page or file at rest gives a value away.
 */
@PlatformTest
class CatalogIngestionTests {

    /** Values that must never come back from the platform, nor be readable at rest. */
    static final String MARKER_NAME = "标记姓名QZX";
    static final String MARKER_TEXT = "MARKERQZX7731";
    static final String MARKER_AMOUNT = "987654.3219";
    static final String MARKER_ID = "11010519491231002X";

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired CatalogManagement catalog;
    @Value("${quanyun.data-dir}") String dataDirectory;

    static String datasetJson(String code) {
        return """
                {"code":"%s","name":"测试收入","description":"d","domains":["FINANCE"],"updateFrequency":"DAILY",
                 "fields":[{"name":"id_no","type":"STRING","classification":"IMPORTANT","personalInformation":"SENSITIVE",
                            "disclosureRole":"DIRECT_IDENTIFIER","privacyUnit":true,"rules":{"check":"ID_CARD_NUMBER"}},
                           {"name":"name","type":"STRING","classification":"IMPORTANT","personalInformation":"PERSONAL",
                            "disclosureRole":"DIRECT_IDENTIFIER"},
                           {"name":"district","type":"STRING","classification":"GENERAL","personalInformation":"PERSONAL",
                            "disclosureRole":"QUASI_IDENTIFIER"},
                           {"name":"birth_date","type":"DATE","classification":"GENERAL","personalInformation":"PERSONAL",
                            "disclosureRole":"QUASI_IDENTIFIER"},
                           {"name":"amount","type":"DECIMAL","classification":"IMPORTANT","personalInformation":"SENSITIVE",
                            "disclosureRole":"SENSITIVE_ATTRIBUTE"},
                           {"name":"year","type":"INTEGER","classification":"GENERAL","personalInformation":"NONE",
                            "disclosureRole":"PLAIN_ATTRIBUTE"}]}
                """.formatted(code);
    }

    static final String HEADER = "id_no,name,district,birth_date,amount,year\n";

    static String goodCsv() {
        return HEADER + "370102198001010015,张三,历下区,1980-01-01,52000.50,2024\n"
                + MARKER_ID + "," + MARKER_NAME + "," + MARKER_TEXT + ",1949-12-31," + MARKER_AMOUNT + ",2024\n"
                + "370102198001010031,李四,市中区,1990-05-06,61000,2023\n";
    }

    /** Registers, submits and publishes a dataset of the tax provider; returns its id. */
    UUID publishedDataset(String code) throws Exception {
        return publish(mvc, code);
    }

    static UUID publish(MockMvc mvc, String code) throws Exception {
        String body = mvc.perform(post("/api/v1/catalog/datasets").header("Authorization", bearer(mvc, "provider-tax"))
                .contentType(MediaType.APPLICATION_JSON).content(datasetJson(code)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        UUID id = UUID.fromString(JsonPath.read(body, "$.id"));
        mvc.perform(post("/api/v1/catalog/datasets/" + id + "/submit").header("Authorization",
                bearer(mvc, "provider-tax"))).andExpect(status().isOk());
        mvc.perform(post("/api/v1/catalog/datasets/" + id + "/publish").header("Authorization",
                bearer(mvc, "bureau"))).andExpect(status().isOk());
        return id;
    }

    String uploadCsv(UUID id, String csv, int expectedStatus) throws Exception {
        return upload(mvc, id, csv, expectedStatus);
    }

    static String upload(MockMvc mvc, UUID id, String csv, int expectedStatus) throws Exception {
        return mvc.perform(post("/api/v1/catalog/datasets/" + id + "/versions")
                .header("Authorization", bearer(mvc, "provider-tax"))
                .contentType("text/csv").content(csv.getBytes(StandardCharsets.UTF_8)))
                .andExpect(status().is(expectedStatus)).andReturn().getResponse().getContentAsString();
    }

    // ------------------------------------------------------------------ demo data

    @Test
    void demoDatasets_areIngested_withQualityProfiles() throws Exception {
        for (String code : List.of("person", "income", "clinic_visit", "vehicle", "enterprise")) {
            DatasetDescriptor dataset = catalog.findByCode(code).orElseThrow();
            assertThat(dataset.currentVersion()).as(code).isNotNull();
        }
        UUID person = catalog.findByCode("person").orElseThrow().id();
        DatasetVersion version = catalog.currentVersion(person).orElseThrow();
        assertThat(version.rowCount()).isEqualTo(3000);
        FieldQuality id = version.quality().field("id_no").orElseThrow();
        assertThat(id.rule()).isEqualTo(ValidityRule.ID_CARD_NUMBER);
        assertThat(id.validity()).isEqualTo(1.0);
        assertThat(id.unique()).isTrue();
        assertThat(id.minimum()).isNull();
        assertThat(version.quality().field("phone").orElseThrow().validity()).isEqualTo(1.0);
        assertThat(version.quality().field("gender").orElseThrow().validity()).isEqualTo(1.0);
        assertThat(version.quality().field("birth_date").orElseThrow().minimum()).matches("\\d{4}");
        FieldQuality credit = catalog.currentVersion(catalog.findByCode("enterprise").orElseThrow().id()).orElseThrow()
                .quality().field("credit_code").orElseThrow();
        assertThat(credit.validity()).isEqualTo(1.0);
        assertThat(credit.unique()).isTrue();
        // income: one row per person and year, so its privacy unit repeats; amounts show no range
        DatasetVersion income = catalog.currentVersion(catalog.findByCode("income").orElseThrow().id()).orElseThrow();
        assertThat(income.quality().field("id_no").orElseThrow().duplicateCount()).isPositive();
        assertThat(income.quality().field("amount").orElseThrow().maximum()).isNull();
        assertThat(income.quality().field("year").orElseThrow().maximum()).isEqualTo("2024");

        mvc.perform(get("/api/v1/catalog/datasets/" + person + "/versions/current"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rowCount").value(3000))
                .andExpect(jsonPath("$.quality.fields[*].field", hasItems("id_no", "phone")));
        String page = mvc.perform(get("/catalog/" + person)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("data-quality-chart", "echarts.min.js", "/js/catalog.js", "身份号码校验码")
                .doesNotContain("<script>");
    }

    // ------------------------------------------------------------------ ingestion by API

    @Test
    void provider_ingestsCsv_thenAMalformedFileOfEachKindIsRefusedWithLineNumbers_andTheVersionStillServes()
            throws Exception {
        UUID id = publishedDataset("ingest_kinds");
        String created = uploadCsv(id, goodCsv(), 201);
        assertThat((Integer) JsonPath.read(created, "$.version")).isEqualTo(1);
        assertThat((Integer) JsonPath.read(created, "$.rowCount")).isEqualTo(3);

        // a type error on line 3
        String typeError = uploadCsv(id, HEADER + "370102198001010015,a,b,1980-01-01,1,2024\n"
                + "370102198001010015,a,b,not-a-date,1,2024\n", 400);
        assertThat((String) JsonPath.read(typeError, "$.code")).isEqualTo("ingestion_refused");
        assertThat((Integer) JsonPath.read(typeError, "$.errors[0].line")).isEqualTo(3);
        assertThat((String) JsonPath.read(typeError, "$.errors[0].field")).isEqualTo("birth_date");
        assertThat((String) JsonPath.read(typeError, "$.errors[0].code")).isEqualTo("TYPE_ERROR");
        assertThat(typeError).doesNotContain("not-a-date");
        // wrong column count on line 2
        assertThat((Integer) JsonPath.read(uploadCsv(id, HEADER + "1,2,3\n", 400), "$.errors[0].line")).isEqualTo(2);
        // a header that does not name the fields
        assertThat((String) JsonPath.read(uploadCsv(id, "a,b,c,d,e,f\n1,2,3,2020-01-01,5,6\n", 400),
                "$.errors[0].code")).isEqualTo("HEADER_MISMATCH");
        // unbalanced quotes
        assertThat((String) JsonPath.read(uploadCsv(id, HEADER + "\"370102198001010015,a,b,1980-01-01,1,2024\n", 400),
                "$.errors[0].code")).isIn("MALFORMED", "COLUMN_COUNT");
        // bad encoding declared as UTF-8: GB18030 bytes on line 2
        byte[] gb = (HEADER + "370102198001010015,张三,历下区,1980-01-01,1,2024\n").getBytes(Charset.forName("GB18030"));
        String encoding = mvc.perform(post("/api/v1/catalog/datasets/" + id + "/versions?charset=UTF-8")
                .header("Authorization", bearer(mvc, "provider-tax")).contentType("text/csv").content(gb))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat((String) JsonPath.read(encoding, "$.errors[0].code")).isEqualTo("ENCODING");
        assertThat((Integer) JsonPath.read(encoding, "$.errors[0].line")).isEqualTo(2);
        // a declared checksum that does not match
        String checksum = mvc.perform(post("/api/v1/catalog/datasets/" + id + "/versions?sha256=" + "0".repeat(64))
                .header("Authorization", bearer(mvc, "provider-tax")).contentType("text/csv")
                .content(goodCsv().getBytes(StandardCharsets.UTF_8)))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat((String) JsonPath.read(checksum, "$.errors[0].code")).isEqualTo("CHECKSUM_MISMATCH");
        // a broken Parquet file and a broken workbook
        for (String format : List.of("PARQUET", "XLSX")) {
            String broken = mvc.perform(post("/api/v1/catalog/datasets/" + id + "/versions?format=" + format)
                    .header("Authorization", bearer(mvc, "provider-tax"))
                    .contentType(MediaType.APPLICATION_OCTET_STREAM).content("not a file at all".getBytes()))
                    .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
            assertThat((String) JsonPath.read(broken, "$.errors[0].code")).as(format).isEqualTo("MALFORMED");
        }
        // an XLSX with a type error on row 3
        String xlsx = mvc.perform(multipart("/api/v1/catalog/datasets/" + id + "/versions")
                .file(new MockMultipartFile("file", "bad.xlsx", CatalogController_XLSX, workbook("x")))
                .header("Authorization", bearer(mvc, "provider-tax")))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat((Integer) JsonPath.read(xlsx, "$.errors[0].line")).isEqualTo(3);

        // the first version still serves, and every refusal is audited with its first error's line
        assertThat(catalog.find(id).orElseThrow().currentVersion()).isEqualTo(1);
        assertThat(catalog.versions(id)).hasSize(1);
        List<String> refusals = jdbc.sql("select details from audit_entry where action = 'catalog.dataset.ingest' "
                + "and outcome = 'REFUSED' and object_id = :id").param("id", id.toString()).query(String.class).list();
        assertThat(refusals).hasSizeGreaterThanOrEqualTo(8).anyMatch(d -> d.contains("line 3, birth_date: TYPE_ERROR"));
        assertThat(String.join("", refusals)).doesNotContain("not-a-date");

        // a good XLSX by multipart makes version 2
        mvc.perform(multipart("/api/v1/catalog/datasets/" + id + "/versions")
                .file(new MockMultipartFile("file", "good.xlsx", CatalogController_XLSX, workbook("2024")))
                .header("Authorization", bearer(mvc, "provider-tax")))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.version").value(2));
        assertThat(catalog.find(id).orElseThrow().currentVersion()).isEqualTo(2);
    }

    static final String CatalogController_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    static byte[] workbook(String secondYear) throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var sheet = book.createSheet("data");
            String[][] rows = {{"id_no", "name", "district", "birth_date", "amount", "year"},
                    {"370102198001010015", "王五", "历下区", "1980-01-01", "1000", "2024"},
                    {"370102198001010031", "赵六", "历城区", "1981-02-03", "2000", secondYear}};
            for (int r = 0; r < rows.length; r++) {
                var row = sheet.createRow(r);
                for (int c = 0; c < rows[r].length; c++) {
                    row.createCell(c).setCellValue(rows[r][c]);
                }
            }
            book.write(out);
            return out.toByteArray();
        }
    }

    @Test
    void onlyTheDatasetsProvider_mayIngest() throws Exception {
        UUID id = publishedDataset("ingest_rights");
        mvc.perform(post("/api/v1/catalog/datasets/" + id + "/versions").header("Authorization",
                bearer(mvc, "provider")).contentType("text/csv").content(goodCsv()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/catalog/datasets/" + id + "/versions").header("Authorization",
                bearer(mvc, "operator")).contentType("text/csv").content(goodCsv()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/catalog/datasets/" + id + "/versions").contentType("text/csv").content(goodCsv()))
                .andExpect(status().isUnauthorized());
        assertThat(catalog.find(id).orElseThrow().currentVersion()).isNull();
    }

    // ------------------------------------------------------------------ no value leaves, none rests in clear

    @Test
    void noEndpointOrPage_returnsAStoredValue() throws Exception {
        UUID id = publishedDataset("ingest_markers");
        uploadCsv(id, goodCsv(), 201);
        mvc.perform(post("/api/v1/catalog/tickets").header("Authorization", bearer(mvc, "operator"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"datasetId\":\"" + id + "\",\"fieldName\":\"amount\",\"summary\":\"s\"}"))
                .andExpect(status().isCreated());
        List<String> paths = List.of("/api/v1/catalog/datasets", "/api/v1/catalog/datasets/" + id,
                "/api/v1/catalog/datasets/" + id + "/registrations", "/api/v1/catalog/datasets/" + id + "/versions",
                "/api/v1/catalog/datasets/" + id + "/versions/current", "/api/v1/catalog/tickets",
                "/catalog", "/catalog/" + id, "/catalog/tickets", "/v3/api-docs");
        for (String user : new String[] {null, "provider-tax", "bureau", "operator"}) {
            for (String path : paths) {
                var request = get(path);
                if (user != null) {
                    request = request.header("Authorization", bearer(mvc, user));
                }
                String body = mvc.perform(request).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
                assertThat(body).as(user + " " + path).doesNotContain(MARKER_NAME, MARKER_TEXT, MARKER_ID, "987654",
                        "1949-12-31");
            }
        }
        assertThat(String.join("\n", jdbc.sql("select details || coalesce(reason, '') from audit_entry")
                .query(String.class).list())).doesNotContain(MARKER_NAME, MARKER_TEXT, MARKER_ID, "987654");
        assertThat(String.join("\n", jdbc.sql("select quality from dataset_version").query(String.class).list()))
                .doesNotContain(MARKER_NAME, MARKER_TEXT, MARKER_ID, "987654", "1949-12-31");
    }

    @Test
    void noFileUnderTheDataDirectory_canBeReadAsDataWithoutTheKey() throws Exception {
        UUID id = publishedDataset("ingest_at_rest");
        uploadCsv(id, goodCsv(), 201);
        List<byte[]> markers = new ArrayList<>();
        for (String marker : List.of(MARKER_NAME, MARKER_TEXT, MARKER_ID)) {
            markers.add(marker.getBytes(StandardCharsets.UTF_8));
            markers.add(marker.getBytes(Charset.forName("GB18030")));
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of(dataDirectory))) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).anyMatch(f -> f.toString().endsWith("data.parquet.sm4"));
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
            for (Path file : files) {
                byte[] bytes = Files.readAllBytes(file);
                String hex = HexFormat.of().formatHex(bytes);
                for (byte[] marker : markers) {
                    assertThat(hex).as(file.toString()).doesNotContain(HexFormat.of().formatHex(marker));
                }
                String literal = "'" + file.toAbsolutePath().toString().replace("'", "''") + "'";
                assertThatThrownBy(() -> {
                    try (Statement s = duckdb.createStatement();
                            ResultSet r = s.executeQuery("SELECT count(*) FROM read_parquet(" + literal + ")")) {
                        r.next();
                    }
                }).as("read_parquet " + file).isInstanceOf(java.sql.SQLException.class);
                try (Statement s = duckdb.createStatement();
                        ResultSet r = s.executeQuery("SELECT * FROM read_csv(" + literal + ", all_varchar = true)")) {
                    while (r.next()) {
                        for (int c = 1; c <= r.getMetaData().getColumnCount(); c++) {
                            String value = r.getString(c);
                            assertThat(value == null ? "" : value).as(file.toString())
                                    .doesNotContain(MARKER_NAME, MARKER_TEXT, MARKER_ID);
                        }
                    }
                } catch (java.sql.SQLException notCsv) {
                    // not readable as CSV either
                }
            }
        }
    }

    // ------------------------------------------------------------------ console and command line

    @Test
    void console_uploadForm_reportsTheVersionOrTheLineNumberedErrors() throws Exception {
        UUID id = publishedDataset("ingest_console");
        MockHttpSession asProvider = signIn("provider-tax");
        String page = mvc.perform(get("/catalog/" + id).session(asProvider))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("hx-encoding=\"multipart/form-data\"", "upload-progress");
        String refused = mvc.perform(multipart("/catalog/" + id + "/versions")
                .file(new MockMultipartFile("file", "x.csv", "text/csv", (HEADER + "1,2\n").getBytes()))
                .header("HX-Request", "true").session(asProvider)
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(refused).contains("upload-refused", "第 2 行", "COLUMN_COUNT");
        String ok = mvc.perform(multipart("/catalog/" + id + "/versions")
                .file(new MockMultipartFile("file", "x.csv", "text/csv", goodCsv().getBytes(StandardCharsets.UTF_8)))
                .header("HX-Request", "true").session(asProvider)
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(ok).contains("upload-ok", "v1").doesNotContain(MARKER_NAME);
    }

    MockHttpSession signIn(String username) throws Exception {
        var result = mvc.perform(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders
                .formLogin("/login").user(username).password(io.quanyun.support.Api.PASSWORD)).andReturn();
        return (MockHttpSession) result.getRequest().getSession(false);
    }

    @Test
    void importCommand_printsTheVersion_orTheErrorsAndExitsNonZero() throws Exception {
        UUID id = publishedDataset("ingest_cli");
        Path good = Files.createTempFile("import-", ".csv");
        Path bad = Files.createTempFile("import-", ".csv");
        Files.writeString(good, goodCsv());
        Files.writeString(bad, HEADER + "370102198001010015,a,b,1980-01-01,x,2024\n");
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
            ImportCommandLine ok = new ImportCommandLine(catalog, "ingest_cli", good.toString(), "", "", null);
            ok.run();
            assertThat(ok.getExitCode()).isZero();
            ImportCommandLine refused = new ImportCommandLine(catalog, "ingest_cli", bad.toString(), "CSV", "UTF-8", null);
            refused.run();
            assertThat(refused.getExitCode()).isEqualTo(1);
            ImportCommandLine unknown = new ImportCommandLine(catalog, "no_such_dataset", good.toString(), "", "", null);
            unknown.run();
            assertThat(unknown.getExitCode()).isEqualTo(2);
        } finally {
            System.setOut(out);
            System.setErr(err);
            Files.deleteIfExists(good);
            Files.deleteIfExists(bad);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("\"version\":1", "line 2, amount: TYPE_ERROR")
                .doesNotContain(MARKER_NAME);
        assertThat(catalog.find(id).orElseThrow().currentVersion()).isEqualTo(1);
        assertThat(jdbc.sql("select created_by from dataset_version where dataset_id = :id").param("id", id)
                .query(String.class).single()).isEqualTo("system");
    }

    @Test
    void ingest_asThePlatform_fromAStream() {
        UUID id;
        try {
            id = publishedDataset("ingest_stream");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        DatasetVersion version = Actors.runAs(Actor.system(), () -> catalog.ingest(id,
                new ByteArrayInputStream(goodCsv().getBytes(StandardCharsets.UTF_8)), SourceFormat.CSV,
                UploadOptions.defaults()));
        assertThat(version.version()).isEqualTo(1);
        assertThat(version.quality().field("id_no").orElseThrow().invalidCount()).isZero();
        assertThat(version.quality().field("birth_date").orElseThrow().minimum()).isEqualTo("1949");
    }
}
