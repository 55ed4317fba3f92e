package io.quanyun.catalog.vault;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Run in a separate JVM with a small heap by {@link StreamingIngestionTests} and
 * {@link XlsxStreamingTests}: ingests a CSV file (or, with a third argument {@code xlsx}, a workbook
 * of {@link VaultFixture#PERSON}) and prints {@code rows=<n> peakHeapBytes=<n> seconds=<n>}.
 */
final class StreamingIngestionProbe {

    private StreamingIngestionProbe() {
    }

    public static void main(String[] arguments) {
        Path dataDirectory = Path.of(arguments[0]);
        Path csv = Path.of(arguments[1]);
        ScratchSpace scratch = ScratchSpace.memoryBacked();
        try {
            Vault vault = new Vault(dataDirectory, MasterKey.generateInto(dataDirectory.resolve("master.key")), scratch,
                    Clock.systemUTC());
            long start = System.nanoTime();
            boolean xlsx = arguments.length > 2 && arguments[2].equals("xlsx");
            IngestionResult result = xlsx
                    ? vault.ingest("workbook", VaultFixture.PERSON, csv, SourceFormat.XLSX, IngestionOptions.defaults())
                    : vault.ingest("wide", StreamingIngestionTests.SCHEMA, csv, SourceFormat.CSV,
                            IngestionOptions.defaults());
            double seconds = (System.nanoTime() - start) / 1e9;
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf("rows=%d peakHeapBytes=%d seconds=%.1f%n", result.rowCount(), peak, seconds);
        } finally {
            SecureFiles.deleteQuietly(scratch.root());
        }
    }
}
