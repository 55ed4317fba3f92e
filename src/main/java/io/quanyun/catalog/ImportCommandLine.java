package io.quanyun.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import io.quanyun.catalog.vault.IngestionError;
import io.quanyun.catalog.vault.SourceFormat;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.QuanyunException;

/**
 * {@code ./quanyun import DATASET_CODE FILE [--format CSV|PARQUET|XLSX] [--charset GB18030]}: ingests a file
 * as the platform itself, prints the new version, or the line-numbered errors on standard error. Exit code 0
 * when a version was made, 1 when the file was refused, 2 when the command itself was wrong.
 */
@Component
@ConditionalOnProperty(name = "quanyun.command", havingValue = "import")
class ImportCommandLine implements CommandLineRunner, ExitCodeGenerator {

    private final CatalogManagement catalog;
    private final String datasetCode;
    private final String file;
    private final String format;
    private final String charset;
    private final @Nullable ConfigurableApplicationContext exitAfterRun;
    private int exitCode = 2;

    /**
     * @param exitAfterRun the context to close and the JVM to end after the run, for the launcher, which starts
     *     the application as a web application on a random loopback port (the security configuration needs the
     *     web stack); null in tests
     */
    @Autowired
    ImportCommandLine(CatalogManagement catalog, @Value("${quanyun.import.dataset:}") String datasetCode,
            @Value("${quanyun.import.file:}") String file, @Value("${quanyun.import.format:}") String format,
            @Value("${quanyun.import.charset:}") String charset, @Value("${quanyun.import.exit:false}") boolean exit,
            ConfigurableApplicationContext context) {
        this(catalog, datasetCode, file, format, charset, exit ? context : null);
    }

    ImportCommandLine(CatalogManagement catalog, String datasetCode, String file, String format, String charset,
            @Nullable ConfigurableApplicationContext exitAfterRun) {
        this.exitAfterRun = exitAfterRun;
        this.catalog = catalog;
        this.datasetCode = datasetCode;
        this.file = file;
        this.format = format;
        this.charset = charset;
    }

    @Override
    public void run(String... args) {
        exitCode = Actors.runAs(Actor.system(), this::importFile);
        if (exitAfterRun != null) {
            System.exit(SpringApplication.exit(exitAfterRun, this));
        }
    }

    private int importFile() {
        if (datasetCode.isBlank() || file.isBlank()) {
            System.err.println("usage: ./quanyun import DATASET_CODE FILE [--format CSV|PARQUET|XLSX] [--charset X]");
            return 2;
        }
        DatasetDescriptor dataset = catalog.findByCode(datasetCode).orElse(null);
        if (dataset == null) {
            System.err.println("quanyun import: no dataset with code " + datasetCode);
            return 2;
        }
        Path path = Path.of(file);
        SourceFormat sourceFormat;
        try {
            sourceFormat = format.isBlank() ? formatOf(path) : SourceFormat.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("quanyun import: say --format CSV, PARQUET or XLSX");
            return 2;
        }
        long started = System.nanoTime();
        try (InputStream in = Files.newInputStream(path)) {
            DatasetVersion version = catalog.ingest(dataset.id(), in, sourceFormat,
                    new UploadOptions(charset.isBlank() ? null : Charset.forName(charset), null));
            System.out.printf("{\"dataset\":\"%s\",\"version\":%d,\"rows\":%d,\"sourceSha256\":\"%s\",\"seconds\":%.1f}%n",
                    datasetCode, version.version(), version.rowCount(), version.sourceSha256(),
                    (System.nanoTime() - started) / 1e9);
            return 0;
        } catch (IngestionRefused refused) {
            System.err.println("quanyun import: " + datasetCode + ": the file was refused; the current version "
                    + "still serves. First errors:");
            for (IngestionError error : refused.errors()) {
                System.err.println("  " + IngestionRefused.location(error) + ": " + error.error() + ": "
                        + error.message());
            }
            return 1;
        } catch (QuanyunException refused) {
            System.err.println("quanyun import: " + refused.code().code() + ": " + refused.getMessage());
            return 1;
        } catch (NoSuchFileException e) {
            System.err.println("quanyun import: no such file: " + file);
            return 2;
        } catch (IOException | RuntimeException e) {
            System.err.println("quanyun import: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        }
    }

    static SourceFormat formatOf(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet")) {
            return SourceFormat.PARQUET;
        }
        if (name.endsWith(".xlsx")) {
            return SourceFormat.XLSX;
        }
        return SourceFormat.CSV;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
