package io.quanyun.catalog.vault;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One version decrypted into memory-backed storage for the analytic engine: a plaintext Parquet
 * file (mode 0600) that exists until {@link #close()}. The engine reads it with
 * {@code read_parquet} after adding exactly {@link #path()} to DuckDB's {@code allowed_paths}.
 * Its GCM tags and checksums were verified before this object was returned. A table that is
 * never closed is deleted when it is garbage-collected or, at the latest, with its scratch space
 * when the JVM exits; close it explicitly all the same.
 */
public final class DecryptedTable implements AutoCloseable {

    private final Path path;
    private final VersionMetadata metadata;
    private static final Cleaner CLEANER = Cleaner.create();

    private final AtomicBoolean closed = new AtomicBoolean();
    private final Cleaner.Cleanable safetyNet;

    DecryptedTable(Path path, VersionMetadata metadata) {
        this.path = requireNonNull(path, "path is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
        // a table that is never closed is still deleted when it becomes unreachable
        this.safetyNet = CLEANER.register(this, () -> SecureFiles.deleteQuietly(path));
    }

    /**
     * @return the plaintext Parquet file in memory-backed storage
     * @throws IllegalStateException once closed
     */
    public Path path() {
        if (closed.get()) {
            throw new IllegalStateException("the decrypted table was closed");
        }
        return path;
    }

    /** @return what the vault recorded about this version */
    public VersionMetadata metadata() {
        return metadata;
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closed.get();
    }

    /** Deletes the plaintext file. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new VaultException(VaultError.IO, "could not delete a decrypted table", e);
            } finally {
                safetyNet.clean();
            }
        }
    }

    @Override
    public String toString() {
        return "DecryptedTable[" + metadata.datasetId() + " v" + metadata.version() + (closed.get() ? ", closed]" : "]");
    }
}
