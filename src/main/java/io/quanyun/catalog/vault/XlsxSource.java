package io.quanyun.catalog.vault;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.jspecify.annotations.Nullable;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * Reads the first sheet of an XLSX workbook row by row with POI's event (SAX) API, so the sheet
 * is never held in memory. Cells are read as their raw values, not as Excel displays them:
 * numbers in plain decimal notation, date-formatted numbers as {@code yyyy-MM-dd} or
 * {@code yyyy-MM-dd HH:mm:ss}. The row number is Excel's (1-based). The shared strings table
 * is spilled to the ingestion's scratch directory ({@link SpilledSharedStrings}), so the heap needed
 * does not grow with the workbook.
 */
final class XlsxSource {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private XlsxSource() {
    }

    static void read(Path file, Path work, RowChecker checker) throws IOException, SQLException {
        OPCPackage workbook;
        try {
            workbook = OPCPackage.open(file.toFile(), PackageAccess.READ);
        } catch (OpenXML4JException | RuntimeException e) {
            checker.fatal(new IngestionError(0, null, VaultError.MALFORMED, "the file is not a readable XLSX workbook"));
            return;
        }
        SpilledSharedStrings strings = null;
        try {
            XSSFReader reader = new XSSFReader(workbook);
            StylesTable styles = reader.getStylesTable();
            strings = SpilledSharedStrings.spill(workbook, work);
            XSSFReader.SheetIterator sheets = reader.getSheetIterator();
            if (!sheets.hasNext()) {
                checker.fatal(new IngestionError(0, null, VaultError.MALFORMED, "the workbook has no sheet"));
                return;
            }
            RowCollector collector = new RowCollector(checker);
            try (InputStream sheet = sheets.next()) {
                XMLReader parser = XMLHelper.newXMLReader();
                parser.setContentHandler(new XSSFSheetXMLHandler(styles, strings, collector, new RawValueFormatter(), false));
                parser.parse(new InputSource(sheet));
            } catch (StopReading stop) {
                rethrowFailure(stop);
                return;
            } catch (SAXException e) {
                if (e.getException() instanceof StopReading stop) {
                    rethrowFailure(stop);
                    return;
                }
                throw e;
            }
            if (!collector.sawHeader) {
                checker.fatal(new IngestionError(0, null, VaultError.HEADER_MISMATCH, "the sheet is empty: a header row is required"));
            }
        } catch (OpenXML4JException | SAXException | ParserConfigurationException | RuntimeException e) {
            checker.fatal(new IngestionError(0, null, VaultError.MALFORMED, "the XLSX workbook could not be parsed"));
        } finally {
            if (strings != null) {
                strings.close();
            }
            workbook.revert();
        }
    }

    private static void rethrowFailure(StopReading stop) throws SQLException {
        if (stop.getCause() instanceof SQLException failure) {
            throw failure;
        }
    }

    /** Thrown from the SAX callbacks to stop reading; never leaves this class. */
    private static final class StopReading extends RuntimeException {

        private static final long serialVersionUID = 1L;

        StopReading(@Nullable Throwable cause) {
            super(null, cause, false, false);
        }
    }

    private static final class RowCollector implements XSSFSheetXMLHandler.SheetContentsHandler {

        private final RowChecker checker;
        private final List<@Nullable String> cells = new ArrayList<>();
        private boolean sawHeader;

        RowCollector(RowChecker checker) {
            this.checker = checker;
        }

        @Override
        public void startRow(int rowNumber) {
            cells.clear();
        }

        @Override
        public void cell(@Nullable String reference, @Nullable String value, @Nullable XSSFComment comment) {
            int column = reference == null ? cells.size() : new CellReference(reference).getCol();
            while (cells.size() < column) {
                cells.add(null);
            }
            if (cells.size() == column) {
                cells.add(value);
            } else {
                cells.set(column, value);
            }
        }

        @Override
        public void endRow(int rowNumber) {
            long line = rowNumber + 1L;
            while (cells.size() < checker.schema().size()) {
                cells.add(null); // trailing blank cells are not in the sheet's XML
            }
            boolean goOn;
            if (!sawHeader) {
                sawHeader = true;
                goOn = checker.acceptHeader(line, cells.size(), cells::get);
            } else {
                try {
                    goOn = checker.acceptRow(line, cells.size(), cells::get);
                } catch (SQLException e) {
                    throw new StopReading(e);
                }
            }
            if (!goOn) {
                throw new StopReading(null);
            }
        }
    }

    /** Formats numeric cells as their raw value, dates as ISO text. */
    private static final class RawValueFormatter extends DataFormatter {

        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString, boolean use1904Windowing) {
            if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
                LocalDateTime dateTime = DateUtil.getLocalDateTime(value, use1904Windowing, true);
                return dateTime.toLocalTime().equals(LocalTime.MIDNIGHT)
                        ? dateTime.toLocalDate().toString()
                        : dateTime.format(DATE_TIME);
            }
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                return "NaN";
            }
            return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
    }
}
