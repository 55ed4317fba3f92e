package io.quanyun.catalog.vault;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.RichTextString;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.model.SharedStrings;
import org.apache.poi.xssf.usermodel.XSSFRelation;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * A workbook's shared strings table held outside the heap: the {@code sharedStrings.xml} part is
 * streamed once with SAX into two files in the ingestion's scratch directory (memory-backed, like
 * every other plaintext of an ingestion): the strings in UTF-8 one after the other, and their start
 * offsets as 8-byte integers. A lookup reads one offset pair and one string with positional reads;
 * a small direct-mapped cache of decoded strings (a fixed number of slots) serves repeated ones. The
 * heap used is therefore constant, whatever the number or size of the strings, where POI's own
 * tables keep every string on the heap.
 *
 * <p>As in POI's read-only table, a string item is the concatenation of its text runs
 * ({@code <t>} directly in {@code <si>} or in {@code <r>}); phonetic runs ({@code <rPh>}) are left
 * out.
 */
final class SpilledSharedStrings implements SharedStrings, AutoCloseable {

    private static final int CACHE_SLOTS = 4096;
    private static final int MAX_STRING_BYTES = 32767 * 4; // Excel's cell limit, in UTF-8 at most

    private final Path strings;
    private final Path offsets;
    private final FileChannel stringChannel;
    private final FileChannel offsetChannel;
    private final int count;
    private final ByteBuffer offsetPair = ByteBuffer.allocate(16);
    private ByteBuffer text = ByteBuffer.allocate(1024);
    private final String[] cached = new String[CACHE_SLOTS];
    private final int[] cachedIndex = new int[CACHE_SLOTS];

    private SpilledSharedStrings(Path strings, Path offsets, int count) throws IOException {
        this.strings = strings;
        this.offsets = offsets;
        this.count = count;
        this.stringChannel = FileChannel.open(strings, StandardOpenOption.READ);
        this.offsetChannel = FileChannel.open(offsets, StandardOpenOption.READ);
        java.util.Arrays.fill(cachedIndex, -1);
    }

    /**
     * Streams the workbook's shared strings part (if any) into two new files under {@code work}.
     *
     * @throws SAXException if the part is not well-formed XML
     */
    static SpilledSharedStrings spill(OPCPackage workbook, Path work) throws IOException, SAXException {
        Path strings = SecureFiles.createFile(work.resolve("shared-strings"));
        Path offsets = SecureFiles.createFile(work.resolve("shared-string-offsets"));
        List<PackagePart> parts = workbook.getPartsByContentType(XSSFRelation.SHARED_STRINGS.getContentType());
        int count = 0;
        try (OutputStream stringFile = new BufferedOutputStream(Files.newOutputStream(strings, StandardOpenOption.WRITE),
                1 << 16);
                DataOutputStream offsetFile = new DataOutputStream(new BufferedOutputStream(
                        Files.newOutputStream(offsets, StandardOpenOption.WRITE), 1 << 16))) {
            offsetFile.writeLong(0);
            if (!parts.isEmpty()) {
                Spiller spiller = new Spiller(stringFile, offsetFile);
                try (InputStream part = parts.get(0).getInputStream()) {
                    XMLReader parser = XMLHelper.newXMLReader();
                    parser.setContentHandler(spiller);
                    parser.parse(new InputSource(part));
                } catch (ParserConfigurationException e) {
                    throw new IOException("no XML parser", e);
                } catch (SpillFailed e) {
                    throw e.getCause();
                }
                count = spiller.count;
            }
        }
        return new SpilledSharedStrings(strings, offsets, count);
    }

    @Override
    public RichTextString getItemAt(int index) {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("no shared string " + index);
        }
        int slot = index & (CACHE_SLOTS - 1);
        if (cachedIndex[slot] == index) {
            return new PlainText(cached[slot]);
        }
        try {
            offsetPair.clear();
            readFully(offsetChannel, offsetPair, (long) index * 8);
            long start = offsetPair.getLong(0);
            long end = offsetPair.getLong(8);
            int length = (int) (end - start);
            if (text.capacity() < length) {
                text = ByteBuffer.allocate(Math.max(length, text.capacity() * 2));
            }
            text.clear().limit(length);
            readFully(stringChannel, text, start);
            String value = new String(text.array(), 0, length, StandardCharsets.UTF_8);
            cached[slot] = value;
            cachedIndex[slot] = index;
            return new PlainText(value);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not read a spilled shared string", e);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("the spilled shared strings are truncated");
            }
            at += read;
        }
    }

    @Override
    public int getCount() {
        return count;
    }

    @Override
    public int getUniqueCount() {
        return count;
    }

    /** Closes and deletes both files. */
    @Override
    public void close() {
        try {
            stringChannel.close();
            offsetChannel.close();
        } catch (IOException ignored) {
            // deleted below all the same
        }
        SecureFiles.deleteQuietly(strings);
        SecureFiles.deleteQuietly(offsets);
    }

    /** The SAX handler that writes each {@code <si>} item as it ends. */
    private static final class Spiller extends DefaultHandler {

        private final OutputStream strings;
        private final DataOutputStream offsets;
        private final StringBuilder item = new StringBuilder();
        private boolean inItem;
        private boolean inText;
        private int phoneticDepth;
        private long offset;
        private int count;

        Spiller(OutputStream strings, DataOutputStream offsets) {
            this.strings = strings;
            this.offsets = offsets;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            String name = local(localName, qName);
            switch (name) {
                case "si" -> {
                    inItem = true;
                    item.setLength(0);
                }
                case "rPh" -> phoneticDepth++;
                case "t" -> inText = inItem && phoneticDepth == 0;
                default -> { }
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            String name = local(localName, qName);
            switch (name) {
                case "si" -> {
                    inItem = false;
                    byte[] bytes = item.toString().getBytes(StandardCharsets.UTF_8);
                    if (bytes.length > MAX_STRING_BYTES) {
                        throw new SpillFailed(new IOException("a shared string is longer than Excel allows"));
                    }
                    try {
                        strings.write(bytes);
                        offset += bytes.length;
                        offsets.writeLong(offset);
                    } catch (IOException e) {
                        throw new SpillFailed(e);
                    }
                    count++;
                    if (count < 0) {
                        throw new SpillFailed(new IOException("too many shared strings"));
                    }
                }
                case "rPh" -> phoneticDepth--;
                case "t" -> inText = false;
                default -> { }
            }
        }

        @Override
        public void characters(char[] characters, int start, int length) {
            if (inText) {
                item.append(characters, start, length);
                if (item.length() > MAX_STRING_BYTES) {
                    throw new SpillFailed(new IOException("a shared string is longer than Excel allows"));
                }
            }
        }

        private static String local(String localName, String qName) {
            if (localName != null && !localName.isEmpty()) {
                return localName;
            }
            int colon = qName.indexOf(':');
            return colon < 0 ? qName : qName.substring(colon + 1);
        }
    }

    /** Carries an I/O failure out of the SAX callbacks. */
    private static final class SpillFailed extends RuntimeException {

        private static final long serialVersionUID = 1L;

        SpillFailed(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /** A shared string without formatting: all the sheet handler asks for is its text. */
    private record PlainText(String text) implements RichTextString {

        @Override
        public String getString() {
            return text;
        }

        @Override
        public String toString() {
            return text;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public int numFormattingRuns() {
            return 0;
        }

        @Override
        public int getIndexOfFormattingRun(int index) {
            return 0;
        }

        @Override
        public void applyFont(int startIndex, int endIndex, short fontIndex) {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public void applyFont(int startIndex, int endIndex, Font font) {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public void applyFont(Font font) {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public void clearFormatting() {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public void applyFont(short fontIndex) {
            throw new UnsupportedOperationException("read only");
        }
    }
}
