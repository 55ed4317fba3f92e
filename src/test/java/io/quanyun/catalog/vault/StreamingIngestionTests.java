package io.quanyun.catalog.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ~200 MB CSV file is ingested by a JVM whose heap is capped at 64 MB: ingestion streams.
 * The child JVM would fail with OutOfMemoryError if any stage held the file in memory.
 */
class StreamingIngestionTests {

    static final DatasetSchema SCHEMA = DatasetSchema.of(
            FieldSpec.required("id_no", FieldType.STRING),
            FieldSpec.required("district", FieldType.STRING),
            FieldSpec.required("address", FieldType.STRING),
            FieldSpec.optional("amount", FieldType.DECIMAL),
            FieldSpec.optional("visit_date", FieldType.DATE));

    private static final String[] DISTRICTS = {"历下区", "市中区", "槐荫区", "天桥区", "历城区", "长清区", "章丘区", "济阳区",
        "莱芜区", "钢城区", "平阴县", "商河县"};
    private static final long TARGET_BYTES = 200L * 1024 * 1024;
    private static final int HEAP_MEGABYTES = 64;

    @TempDir
    Path directory;

    @Test
    void ingest_ofA200MegabyteCsv_runsInA64MegabyteHeap() throws Exception {
        Path csv = directory.resolve("wide.csv");
        long rows = writeCsv(csv);
        assertThat(Files.size(csv)).isGreaterThanOrEqualTo(TARGET_BYTES);

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP_MEGABYTES + "m",
                "-cp", System.getProperty("java.class.path"),
                StreamingIngestionProbe.class.getName(),
                directory.resolve("data").toString(),
                csv.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (var input = process.getInputStream()) {
            output = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        Matcher result = Pattern.compile("rows=(\\d+) peakHeapBytes=(\\d+) seconds=([0-9.]+)").matcher(output);
        assertThat(result.find()).as(output).isTrue();
        assertThat(Long.parseLong(result.group(1))).isEqualTo(rows);
        assertThat(Long.parseLong(result.group(2))).isLessThan(Files.size(csv) / 3);
        System.out.println("streaming ingestion of " + Files.size(csv) / (1024 * 1024) + " MiB, -Xmx" + HEAP_MEGABYTES
                + "m: " + output.strip());
    }

    /** Writes wide rows (~400 bytes) until the target size: the row count stays small enough for a fast test. */
    private static long writeCsv(Path csv) throws IOException {
        String padding = "备注：本行为合成的测试数据，用于检验流式导入的内存上限。".repeat(6);
        long rows = 0;
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(csv), 1 << 16);
                Writer writer = new OutputStreamWriter(file, StandardCharsets.UTF_8)) {
            writer.write("id_no,district,address,amount,visit_date\n");
            StringBuilder line = new StringBuilder(512);
            long written = 0;
            while (written < TARGET_BYTES) {
                line.setLength(0);
                String district = DISTRICTS[(int) (rows % DISTRICTS.length)];
                String id = Long.toString(370100_00000000_0000L + rows * 7 + 3);
                line.append(id).append(',').append(district).append(',')
                        .append("济南市").append(district).append("经十路").append(rows % 9973).append("号")
                        .append(Long.toHexString(rows * 2654435761L)).append(padding).append(',')
                        .append(rows % 100000).append('.').append(rows % 100).append(',');
                if (rows % 13 != 0) {
                    line.append("2024-").append(1 + rows % 12).append('-').append(1 + rows % 28);
                }
                line.append('\n');
                writer.append(line);
                // ASCII one byte, the Chinese characters used here three bytes each in UTF-8
                written += line.length() + 2L * (line.length() - asciiCount(line));
                rows++;
            }
        }
        return rows;
    }

    private static int asciiCount(CharSequence text) {
        int count = 0;
        for (int index = 0; index < text.length(); index++) {
            if (text.charAt(index) < 0x80) {
                count++;
            }
        }
        return count;
    }
}
