package io.quanyun.catalog.vault;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Run in a separate JVM by the publication tests: prepares a version of a dataset from a CSV file
 * and then halts the JVM at once, as a crash between the caller's commit and the publication would.
 * Arguments: data directory, master key file, dataset id, CSV file. Prints {@code prepared=<N>}.
 */
public final class PrepareAndHaltProbe {

    /** The schema of the CSV files the probe ingests: {@code id_no,name,birth_date,district,income}. */
    public static final DatasetSchema SCHEMA = VaultFixture.PERSON;

    private PrepareAndHaltProbe() {
    }

    public static void main(String[] arguments) {
        Path dataDirectory = Path.of(arguments[0]);
        MasterKey key = MasterKey.readFrom(Path.of(arguments[1]));
        Vault vault = new Vault(dataDirectory, key, ScratchSpace.memoryBacked(), Clock.systemUTC());
        PreparedVersion prepared = vault.prepare(arguments[2], SCHEMA, Path.of(arguments[3]), SourceFormat.CSV,
                IngestionOptions.defaults());
        System.out.println("prepared=" + prepared.version());
        System.out.flush();
        Runtime.getRuntime().halt(0); // no publish, no close, no shutdown hook: a crash
    }

    /** Runs the probe in a child JVM and returns the version it prepared. */
    public static int runInChildJvm(Path dataDirectory, Path keyFile, String datasetId, Path csv) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), PrepareAndHaltProbe.class.getName(),
                dataDirectory.toString(), keyFile.toString(), datasetId, csv.toString()).redirectErrorStream(true).start();
        String output;
        try (var input = process.getInputStream()) {
            output = new String(input.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        if (!process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("the probe failed: " + output);
        }
        var matcher = java.util.regex.Pattern.compile("prepared=(\\d+)").matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("the probe printed no version: " + output);
        }
        return Integer.parseInt(matcher.group(1));
    }
}
