package io.quanyun.catalog.vault;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A version that {@link Vault#prepare} wrote completely (encrypted, with its authenticated
 * metadata, in {@code .prepared-v<N>}) but that is not visible yet. The caller records it and then
 * {@link #publish()}es it, which renames the directory atomically to {@code v<N>}; closing it
 * unpublished deletes it. Until then the dataset is locked against other ingestions, so this object
 * must be published or closed on the thread that prepared it, in a try-with-resources block:
 *
 * <pre>
 * try (PreparedVersion prepared = vault.prepare(...)) {
 *     record(prepared.result());   // e.g. a database transaction; if it throws, close() discards
 *     prepared.publish();
 * }
 * </pre>
 *
 * A crash between the caller's commit and {@code publish()} leaves {@code .prepared-v<N>}, which
 * {@link Vault#recoverPrepared} publishes on the next start because the record exists.
 */
public final class PreparedVersion implements AutoCloseable {

    private final Vault vault;
    private final Path datasetDirectory;
    private final Path directory;
    private final VersionMetadata metadata;
    private final ReentrantLock lock;
    private final FileChannel lockFile;
    private final FileLock held;
    private boolean settled;
    private boolean published;

    PreparedVersion(Vault vault, Path datasetDirectory, Path directory, VersionMetadata metadata, ReentrantLock lock,
            FileChannel lockFile, FileLock held) {
        this.vault = requireNonNull(vault, "vault is null");
        this.datasetDirectory = requireNonNull(datasetDirectory, "datasetDirectory is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.lock = requireNonNull(lock, "lock is null");
        this.lockFile = requireNonNull(lockFile, "lockFile is null");
        this.held = requireNonNull(held, "held is null");
    }

    /** @return what the vault recorded about the new version (it is current once published) */
    public IngestionResult result() {
        return new IngestionResult(metadata);
    }

    /** @return the number the version gets */
    public int version() {
        return metadata.version();
    }

    /**
     * Decrypts the prepared version into memory-backed scratch space, like {@link Vault#open}, so
     * that the caller can check it before recording it.
     */
    public DecryptedTable open() {
        requireOpen();
        return vault.open(directory, metadata.datasetId(), metadata.version());
    }

    /**
     * Makes the version visible as the dataset's current one (atomic rename, then fsync of the
     * dataset directory) and releases the dataset.
     *
     * @throws VaultException {@link VaultError#IO} if the rename fails; the prepared directory then
     *     stays for {@link Vault#recoverPrepared} (the caller's record already committed)
     */
    public void publish() {
        requireOpen();
        vault.reached(IngestionStage.BEFORE_PUBLISH);
        try {
            Files.move(directory, datasetDirectory.resolve("v" + metadata.version()), StandardCopyOption.ATOMIC_MOVE);
            published = true;
            SecureFiles.sync(datasetDirectory);
        } catch (IOException e) {
            throw new VaultException(VaultError.IO, metadata.datasetId() + " v" + metadata.version()
                    + (published ? " was published, but its directory could not be synced" : " could not be published"), e);
        } finally {
            // whatever happened to the rename, the prepared directory is no longer discarded by close()
            settled = true;
            release();
        }
    }

    /** Deletes the version unless {@link #publish()} was called, and releases the dataset. Idempotent. */
    @Override
    public void close() {
        if (settled) {
            return;
        }
        settled = true;
        try {
            SecureFiles.deleteQuietly(directory);
        } finally {
            release();
        }
    }

    /** @return whether {@link #publish()} renamed the version into place */
    public boolean isPublished() {
        return published;
    }

    private void requireOpen() {
        if (settled) {
            throw new IllegalStateException("the prepared version was already published or discarded");
        }
    }

    private void release() {
        Vault.releaseQuietly(lockFile, held);
        if (lock.isHeldByCurrentThread()) {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "PreparedVersion[" + metadata.datasetId() + " v" + metadata.version() + (settled ? ", settled]" : "]");
    }
}
