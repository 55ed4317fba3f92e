package io.quanyun.catalog.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workbook whose shared strings table alone is larger than the heap (every identity number and
 * name is a distinct shared string) is ingested by a JVM capped at 64 MB: the table is spilled to
 * scratch files, not held on the heap. POI's own read-only table would keep every string on the heap
 * (about 70 bytes a string), which does not fit.
 */
class XlsxStreamingTests {

    private static final int ROWS = 300_000;
    /** Makes every name a long distinct string, as real names with addresses or remarks would be. */
    private static final String REMARK = "，户籍地址济南市历下区经十路一百号院三号楼二单元，备注合成数据".repeat(2);
    private static final int HEAP_MEGABYTES = Integer.getInteger("quanyun.test.xlsx-heap", 64);
    private static final String[] DISTRICTS = {"历下区", "市中区", "槐荫区", "天桥区", "历城区", "长清区", "章丘区", "济阳区",
        "莱芜区", "钢城区", "平阴县", "商河县"};

    @TempDir
    Path directory;

    @Test
    void ingest_ofAWorkbookWithMoreSharedStringsThanHeap_runsInA64MegabyteHeap() throws Exception {
        Path workbook = directory.resolve("people.xlsx");
        long sharedStringBytes = writeWorkbook(workbook);
        assertThat(sharedStringBytes).isGreaterThan(64L * 1024 * 1024);

        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP_MEGABYTES + "m", "-cp", System.getProperty("java.class.path"),
                StreamingIngestionProbe.class.getName(), directory.resolve("data").toString(), workbook.toString(),
                "xlsx").redirectErrorStream(true).start();
        String output;
        try (var input = process.getInputStream()) {
            output = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        Matcher result = Pattern.compile("rows=(\\d+) peakHeapBytes=(\\d+) seconds=([0-9.]+)").matcher(output);
        assertThat(result.find()).as(output).isTrue();
        assertThat(Long.parseLong(result.group(1))).isEqualTo(ROWS);
        assertThat(Long.parseLong(result.group(2))).isLessThan(sharedStringBytes);
        System.out.println("XLSX ingestion, " + ROWS + " rows, shared strings part " + sharedStringBytes / (1024 * 1024)
                + " MiB, workbook " + Files.size(workbook) / (1024 * 1024) + " MiB, -Xmx" + HEAP_MEGABYTES + "m: "
                + output.strip());
    }

    @Test
    void spilledSharedStrings_readTextRunsAndSkipPhoneticRuns() throws Exception {
        Path workbook = directory.resolve("rich.xlsx");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(workbook))) {
            packageParts(zip);
            entry(zip, "xl/sharedStrings.xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="8" uniqueCount="8">
                    <si><t>id_no</t></si><si><t>name</t></si><si><t>birth_date</t></si><si><t>district</t></si>
                    <si><t>income</t></si><si><t>370102199001011234</t></si>
                    <si><r><t>张</t></r><r><rPr><b/></rPr><t xml:space="preserve">三 </t></r><rPh sb="0" eb="1"><t>ZHANG</t></rPh></si>
                    <si><t>市中区</t></si></sst>""");
            entry(zip, "xl/worksheets/sheet1.xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
                    <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>
                    <c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>
                    <row r="2"><c r="A2" t="s"><v>5</v></c><c r="B2" t="s"><v>6</v></c><c r="D2" t="s"><v>7</v></c></row>
                    </sheetData></worksheet>""");
        }
        try (VaultFixture fixture = new VaultFixture(directory.resolve("vault-data"))) {
            IngestionResult result = fixture.vault.ingest("person", VaultFixture.PERSON, workbook, SourceFormat.XLSX,
                    IngestionOptions.defaults());
            try (DecryptedTable table = fixture.vault.open("person", result.version())) {
                assertThat(VaultFixture.query(table, "SELECT id_no, name, district FROM DATA"))
                        .containsExactly(List.of("370102199001011234", "张三 ", "市中区"));
            }
            fixture.assertScratchEmpty();
        }
    }

    /** Writes the workbook by hand (streaming, level-1 deflate); returns the size of its shared strings part. */
    private static long writeWorkbook(Path file) throws IOException {
        long sharedBytes;
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            zip.setLevel(Deflater.BEST_SPEED);
            packageParts(zip);
            // strings 0-4 the header, 5-16 the districts, then per row one identity number and one name
            zip.putNextEntry(new ZipEntry("xl/sharedStrings.xml"));
            CountingWriter strings = new CountingWriter(zip);
            int unique = 5 + DISTRICTS.length + 2 * ROWS;
            strings.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\""
                    + "http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"" + unique
                    + "\" uniqueCount=\"" + unique + "\">");
            for (String header : List.of("id_no", "name", "birth_date", "district", "income")) {
                strings.write("<si><t>" + header + "</t></si>");
            }
            for (String district : DISTRICTS) {
                strings.write("<si><t>" + district + "</t></si>");
            }
            for (int row = 0; row < ROWS; row++) {
                strings.write("<si><t>" + idNumber(row) + "</t></si><si><t>居民" + row + "号" + Integer.toHexString(
                        row * 40503) + REMARK + "</t></si>");
            }
            strings.write("</sst>");
            strings.flush();
            sharedBytes = strings.bytes;
            zip.closeEntry();

            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            Writer sheet = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
            sheet.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\""
                    + "http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
                    + "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
                    + "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"E1\" t=\"s\"><v>4</v></c></row>");
            StringBuilder line = new StringBuilder(256);
            for (int row = 0; row < ROWS; row++) {
                int r = row + 2;
                line.setLength(0);
                line.append("<row r=\"").append(r).append("\"><c r=\"A").append(r).append("\" t=\"s\"><v>")
                        .append(5 + DISTRICTS.length + 2 * row).append("</v></c><c r=\"B").append(r)
                        .append("\" t=\"s\"><v>").append(5 + DISTRICTS.length + 2 * row + 1).append("</v></c>")
                        .append("<c r=\"C").append(r).append("\" t=\"inlineStr\"><is><t>19")
                        .append(50 + row % 50).append("-0").append(1 + row % 9).append("-1").append(row % 10)
                        .append("</t></is></c><c r=\"D").append(r).append("\" t=\"s\"><v>")
                        .append(5 + row % DISTRICTS.length).append("</v></c><c r=\"E").append(r).append("\"><v>")
                        .append(row % 100000).append('.').append(row % 100).append("</v></c></row>");
                sheet.write(line.toString());
            }
            sheet.write("</sheetData></worksheet>");
            sheet.flush();
            zip.closeEntry();
        }
        return sharedBytes;
    }

    private static String idNumber(int row) {
        return "3701" + String.format("%014d", 10_000_000_000L + row);
    }

    private static void packageParts(ZipOutputStream zip) throws IOException {
        entry(zip, "[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                <Default Extension="xml" ContentType="application/xml"/>
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
                <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
                <Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
                </Types>""");
        entry(zip, "_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
                </Relationships>""");
        entry(zip, "xl/workbook.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                <sheets><sheet name="人口" sheetId="1" r:id="rId1"/></sheets></workbook>""");
        entry(zip, "xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
                <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
                </Relationships>""");
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** Writes UTF-8 to the zip entry without closing it, counting the bytes. */
    private static final class CountingWriter {

        private final OutputStream out;
        long bytes;

        CountingWriter(OutputStream out) {
            this.out = out;
        }

        void write(String text) throws IOException {
            byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
            out.write(encoded);
            bytes += encoded.length;
        }

        void flush() throws IOException {
            out.flush();
        }
    }
}
