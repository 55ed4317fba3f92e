package io.quanyun.catalog.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XlsxIngestionTests {

    @TempDir
    Path directory;

    private VaultFixture fixture;

    @BeforeEach
    void createVault() {
        fixture = new VaultFixture(directory);
    }

    @AfterEach
    void scratchIsEmpty() throws IOException {
        fixture.assertScratchEmpty();
        fixture.close();
    }

    @Test
    void ingest_xlsx_readsRawValuesAndDates() throws Exception {
        Path file = workbook(false);

        IngestionResult result = fixture.vault.ingest("person", VaultFixture.PERSON, file, SourceFormat.XLSX,
                IngestionOptions.defaults());

        assertThat(result.rowCount()).isEqualTo(3);
        try (DecryptedTable table = fixture.vault.openCurrent("person")) {
            assertThat(VaultFixture.query(table, "SELECT id_no, name, CAST(birth_date AS VARCHAR), district, "
                    + "CAST(income AS VARCHAR) FROM DATA ORDER BY id_no")).containsExactly(
                    List.of("370102199001011234", "张三", "1990-01-31", "历下区", "12000.5000000000"),
                    java.util.Arrays.asList("370103198505052345", "李四", null, "市中区", null),
                    List.of("370104200012123456", "王五", "2000-12-12", "槐荫区", "0.1000000000"));
        }
    }

    @Test
    void ingest_xlsxFromAStream_isCopiedToScratchAndRead() throws Exception {
        Path file = workbook(false);

        IngestionResult result;
        try (var input = Files.newInputStream(file)) {
            result = fixture.vault.ingest("person", VaultFixture.PERSON, input, SourceFormat.XLSX, IngestionOptions.defaults()
                    .withDeclaredChecksum(DeclaredChecksum.sm3(sm3(Files.readAllBytes(file)))));
        }

        assertThat(result.rowCount()).isEqualTo(3);
    }

    @Test
    void ingest_xlsxWithTextInDateColumn_reportsTheExcelRow() throws Exception {
        Path file = workbook(true);

        IngestionFailed failure = catchThrowableOfType(IngestionFailed.class, () -> fixture.vault.ingest("person",
                VaultFixture.PERSON, file, SourceFormat.XLSX, IngestionOptions.defaults()));

        assertThat(failure.errors()).containsExactly(
                new IngestionError(5, "birth_date", VaultError.TYPE_ERROR, "not a valid DATE (expected yyyy-MM-dd)"));
        assertThat(failure.getMessage()).doesNotContain("去年");
        assertThat(fixture.vault.versions("person")).isEmpty();
    }

    @Test
    void ingest_fileThatIsNotXlsx_isMalformed() throws Exception {
        Path file = Files.writeString(directory.resolve("fake.xlsx"), "id_no,name\n");

        IngestionFailed failure = catchThrowableOfType(IngestionFailed.class, () -> fixture.vault.ingest("person",
                VaultFixture.PERSON, file, SourceFormat.XLSX, IngestionOptions.defaults()));

        assertThat(failure.error()).isEqualTo(VaultError.MALFORMED);
    }

    private static String sm3(byte[] bytes) {
        org.bouncycastle.crypto.Digest digest = Digests.sm3();
        digest.update(bytes, 0, bytes.length);
        return Digests.hex(digest);
    }

    private Path workbook(boolean withBadRow) throws IOException {
        Path file = directory.resolve(withBadRow ? "bad.xlsx" : "people.xlsx");
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(10); OutputStream out = Files.newOutputStream(file)) {
            CellStyle dateStyle = workbook.createCellStyle();
            dateStyle.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("yyyy/m/d"));
            Sheet sheet = workbook.createSheet("人口");
            Row header = sheet.createRow(0);
            String[] names = {"id_no", "name", "birth_date", "district", "income"};
            for (int column = 0; column < names.length; column++) {
                header.createCell(column).setCellValue(names[column]);
            }
            row(sheet, 1, "370102199001011234", "张三", LocalDate.of(1990, 1, 31), dateStyle, "历下区", 12000.5);
            row(sheet, 2, "370103198505052345", "李四", null, dateStyle, "市中区", null);
            row(sheet, 3, "370104200012123456", "王五", LocalDate.of(2000, 12, 12), dateStyle, "槐荫区", 0.1);
            if (withBadRow) {
                Row bad = sheet.createRow(4);
                bad.createCell(0).setCellValue("370105");
                bad.createCell(1).setCellValue("赵六");
                bad.createCell(2).setCellValue("去年");
                bad.createCell(3).setCellValue("天桥区");
            }
            workbook.write(out);
        }
        return file;
    }

    private static void row(Sheet sheet, int index, String id, String name, LocalDate birth, CellStyle dateStyle,
            String district, Double income) {
        Row row = sheet.createRow(index);
        row.createCell(0).setCellValue(id);
        row.createCell(1).setCellValue(name);
        if (birth != null) {
            row.createCell(2).setCellValue(birth);
            row.getCell(2).setCellStyle(dateStyle);
        }
        row.createCell(3).setCellValue(district);
        if (income != null) {
            row.createCell(4).setCellValue(income);
        }
    }
}
