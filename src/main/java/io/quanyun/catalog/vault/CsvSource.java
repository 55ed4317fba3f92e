package io.quanyun.catalog.vault;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/**
 * Reads a CSV file row by row (RFC 4180, comma, double quotes, empty lines ignored) in UTF-8 or
 * GB18030, strictly: a byte sequence invalid in the charset is an {@link VaultError#ENCODING}
 * error at its line.
 */
final class CsvSource {

    static final Charset GB18030 = Charset.forName("GB18030");
    private static final int SAMPLE_LENGTH = 1 << 20;
    private static final byte[] UTF_8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] GB18030_BOM = {(byte) 0x84, (byte) 0x31, (byte) 0x95, (byte) 0x33};

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreEmptyLines(true)
            .get();

    private CsvSource() {
    }

    /** Reads the whole stream into the checker. */
    static void read(InputStream input, @Nullable Charset declared, RowChecker checker) throws IOException, SQLException {
        BufferedInputStream buffered = new BufferedInputStream(input, 1 << 16);
        Charset charset = declared != null ? declared : detect(buffered);
        skipByteOrderMark(buffered, charset);
        Reader reader = new StrictDecodingReader(buffered, charset);
        try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
            Iterator<CSVRecord> records = parser.iterator();
            long nextLine = 1;
            boolean header = true;
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    checker.fatal(failure(e, nextLine, charset));
                    return;
                }
                long line = nextLine;
                nextLine = parser.getCurrentLineNumber() + 1;
                boolean goOn = header
                        ? checker.acceptHeader(line, record.size(), record::get)
                        : checker.acceptRow(line, record.size(), record::get);
                header = false;
                if (!goOn) {
                    return;
                }
            }
            if (header) {
                checker.fatal(new IngestionError(0, null, VaultError.HEADER_MISMATCH, "the file is empty: a header row is required"));
            }
        }
    }

    private static IngestionError failure(RuntimeException e, long line, Charset charset) {
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof StrictDecodingReader.MalformedLine) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof StrictDecodingReader.MalformedLine malformed) {
            return new IngestionError(malformed.line(), null, VaultError.ENCODING,
                    "the bytes are not valid " + charset.name() + " (declare the file's charset: UTF-8 or GB18030)");
        }
        return new IngestionError(line, null, VaultError.MALFORMED,
                "the CSV structure is invalid here (e.g. an unbalanced quote)");
    }

    /**
     * A UTF-8 byte order mark means UTF-8, a GB18030 one GB18030; otherwise the first MiB is
     * UTF-8 if valid as such (ASCII included), else GB18030.
     */
    static Charset detect(BufferedInputStream input) throws IOException {
        input.mark(SAMPLE_LENGTH + 1);
        byte[] sample = input.readNBytes(SAMPLE_LENGTH);
        boolean complete = input.read() < 0;
        input.reset();
        if (startsWith(sample, UTF_8_BOM)) {
            return StandardCharsets.UTF_8;
        }
        if (startsWith(sample, GB18030_BOM)) {
            return GB18030;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.wrap(sample);
        CharBuffer chars = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(bytes, chars, complete);
            if (result.isError()) {
                return GB18030;
            }
            if (result.isUnderflow()) {
                return StandardCharsets.UTF_8;
            }
            chars.clear();
        }
    }

    private static void skipByteOrderMark(BufferedInputStream input, Charset charset) throws IOException {
        byte[] mark = charset.equals(StandardCharsets.UTF_8) ? UTF_8_BOM : GB18030_BOM;
        input.mark(mark.length);
        byte[] start = input.readNBytes(mark.length);
        if (!Arrays.equals(start, mark)) {
            input.reset();
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
