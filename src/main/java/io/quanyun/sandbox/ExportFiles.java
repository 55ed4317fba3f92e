package io.quanyun.sandbox;

import io.quanyun.audit.Sm3;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The files of an approved export: the released result with the export id embedded (CSV: leading
 * comment lines; XLSX: a sheet {@code export} and the document's identifier property), hashed with SM3.
 */
final class ExportFiles {

    /** A made file and the SM3 hex of its bytes. */
    record Made(byte[] content, String sm3) {
    }

    private ExportFiles() {
    }

    static Made csv(UUID exportId, UUID queryId, QueryResult result) {
        var bytes = new ByteArrayOutputStream();
        try (var writer = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
                var printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setCommentMarker('#').get())) {
            writer.write('\uFEFF');
            printer.printComment("quanyun-export-id: " + exportId);
            printer.printComment("query-id: " + queryId);
            printer.printComment("privacy: " + result.privacy().mode() + ", suppressed groups "
                    + result.privacy().suppressedGroups());
            printer.printRecord(result.columns().stream().map(ResultColumn::name).toList());
            for (List<Object> row : result.rows()) {
                printer.printRecord(row.stream().map(v -> v == null ? "" : String.valueOf(v)).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] content = bytes.toByteArray();
        return new Made(content, Sm3.hex(content));
    }

    static Made xlsx(UUID exportId, UUID queryId, QueryResult result) {
        try (var workbook = new XSSFWorkbook(); var bytes = new ByteArrayOutputStream()) {
            workbook.getProperties().getCoreProperties().setIdentifier(exportId.toString());
            workbook.getProperties().getCoreProperties().setTitle("泉运导出 Quanyun export " + exportId);
            XSSFSheet sheet = workbook.createSheet("result");
            var header = sheet.createRow(0);
            for (int i = 0; i < result.columns().size(); i++) {
                header.createCell(i).setCellValue(result.columns().get(i).name());
            }
            int r = 1;
            for (List<Object> row : result.rows()) {
                var line = sheet.createRow(r++);
                for (int i = 0; i < row.size(); i++) {
                    Object value = row.get(i);
                    if (value instanceof Number number) {
                        line.createCell(i).setCellValue(number.doubleValue());
                    } else if (value != null) {
                        line.createCell(i).setCellValue(String.valueOf(value));
                    }
                }
            }
            XSSFSheet meta = workbook.createSheet("export");
            meta.createRow(0).createCell(0).setCellValue("quanyun-export-id");
            meta.getRow(0).createCell(1).setCellValue(exportId.toString());
            meta.createRow(1).createCell(0).setCellValue("query-id");
            meta.getRow(1).createCell(1).setCellValue(queryId.toString());
            meta.createRow(2).createCell(0).setCellValue("privacy");
            meta.getRow(2).createCell(1).setCellValue(result.privacy().mode().name());
            workbook.write(bytes);
            byte[] content = bytes.toByteArray();
            return new Made(content, Sm3.hex(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
