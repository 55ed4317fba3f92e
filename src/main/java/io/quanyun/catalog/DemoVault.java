package io.quanyun.catalog;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.quanyun.catalog.demo.DemoDataGenerator;
import io.quanyun.catalog.vault.SourceFormat;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;

/**
 * Fills the vault with the five demo datasets after {@link DemoCatalog} registered them: the generator's CSV
 * is streamed through a pipe straight into {@link CatalogManagement#ingest}, so no plaintext file is written.
 * A dataset that already has a version is left alone. Size: {@code quanyun.demo.people} (100,000 by default,
 * a few thousand in tests); seed: {@code quanyun.demo.seed}; {@code quanyun.demo.tables} (a comma list, all by
 * default) limits which tables are ingested, e.g. {@code person} for the verification benchmark.
 */
@Component
@Order(11)
@ConditionalOnProperty(name = "quanyun.demo.enabled", havingValue = "true")
class DemoVault implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoVault.class);

    private final CatalogManagement catalog;
    private final int people;
    private final long seed;
    private final java.util.Set<String> tables;

    DemoVault(CatalogManagement catalog, @Value("${quanyun.demo.people:100000}") int people,
            @Value("${quanyun.demo.seed:" + DemoDataGenerator.DEFAULT_SEED + "}") long seed,
            @Value("${quanyun.demo.tables:}") String tables) {
        this.tables = java.util.Arrays.stream(tables.split(",")).map(String::trim).filter(t -> !t.isEmpty())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.catalog = catalog;
        this.people = people;
        this.seed = seed;
    }

    @Override
    public void run(ApplicationArguments args) {
        DemoDataGenerator generator = new DemoDataGenerator(seed, people);
        Actors.runAs(Actor.system(), () -> {
            for (String table : DemoDataGenerator.TABLES) {
                if (!tables.isEmpty() && !tables.contains(table)) {
                    continue;
                }
                catalog.findByCode(table).filter(d -> d.currentVersion() == null)
                        .ifPresent(dataset -> ingest(generator, dataset));
            }
            return null;
        });
    }

    private void ingest(DemoDataGenerator generator, DatasetDescriptor dataset) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (PipedInputStream in = new PipedInputStream(1 << 20)) {
            OutputStream out = new PipedOutputStream(in);
            Thread writer = new Thread(() -> {
                try (out) {
                    generator.write(dataset.code(), out);
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "demo-data-" + dataset.code());
            writer.start();
            DatasetVersion version = catalog.ingest(dataset.id(), in, SourceFormat.CSV, UploadOptions.defaults());
            writer.join();
            log.info("Demo dataset {} ingested: version {}, {} rows", dataset.code(), version.version(),
                    version.rowCount());
        } catch (IOException | RuntimeException e) {
            log.warn("Demo dataset {} was not ingested: {}", dataset.code(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            log.warn("Generating demo dataset {} failed: {}", dataset.code(), failure.get().toString());
        }
    }
}
