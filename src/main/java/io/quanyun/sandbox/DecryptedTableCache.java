package io.quanyun.sandbox;

import io.quanyun.catalog.ConsentChanged;
import io.quanyun.catalog.vault.DecryptedTable;
import io.quanyun.catalog.vault.Vault;
import io.quanyun.sandbox.engine.DuckDbEngine;
import io.quanyun.sandbox.engine.DuckDbSettings;
import io.quanyun.sandbox.engine.RowFilter;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Decrypted dataset versions, kept in memory-backed scratch space while workspaces use them: the
 * vault decrypts a version once (about 3 s per 100 MB), queries then read the plaintext Parquet file
 * directly. A lease counts the queries reading a version; a version is closed (its plaintext deleted)
 * when a newer version is opened and no query reads the old one, when no active workspace uses the
 * dataset any more, and at shutdown.
 *
 * <p>Beside a version it keeps consent-filtered copies (Art. 6): for a grant with a consent purpose, the rows of a
 * personal table whose subjects consented, written once by DuckDB into the same memory-backed scratch directory as
 * the decrypted file (under a temporary name, mode 0600, then moved into place atomically) and read by later
 * queries of that grant instead of hashing every row again. A copy is identified by the filter's fingerprint (of
 * the consenting set the registry hands out for the purpose, operator, consent generation and day; computed once
 * per set) and the hash of the key expression: a query that read the registry after a consent was withdrawn or
 * recorded has another set and can never be served an older copy. Copies are dropped on {@link ConsentChanged}
 * (in the recording transaction and again when it completes; a generation counter keeps a copy built from a
 * registry read before the change from being kept after it), with their version, when their grant has no active
 * workspace any more, when the grant's consent state changes, and beyond {@code quanyun.sandbox.filtered-copies}
 * copies or {@code quanyun.sandbox.filtered-copies-size} bytes (least recently used first). A copy being read is
 * deleted when its last query is done.
 */
@Component
class DecryptedTableCache {

    private final Vault vault;
    private final int maxCopies;
    private final long maxBytes;
    private final AtomicLong copiesWritten = new AtomicLong();
    private final DuckDbSettings engineSettings;
    private final Map<String, Entry> entries = new HashMap<>();
    private long generation;
    private long clock;

    DecryptedTableCache(Vault vault, SandboxSettings settings) {
        this.vault = vault;
        this.engineSettings = new DuckDbSettings(settings.engineMemory(), settings.engineThreads());
        this.maxCopies = settings.filteredCopies();
        this.maxBytes = settings.filteredCopiesSize().toBytes();
    }

    /** The current version of a dataset, if it has one. */
    OptionalInt currentVersion(String datasetId) {
        return vault.currentVersion(datasetId);
    }

    /** Leases the decrypted file of a dataset version, decrypting it on first use. */
    Lease lease(String datasetId, int version) {
        String key = datasetId + "@v" + version;
        Entry entry;
        synchronized (entries) {
            entry = entries.computeIfAbsent(key, k -> new Entry(datasetId, version));
            entry.leases++;
        }
        try {
            synchronized (entry) {
                if (entry.table == null || entry.table.isClosed()) {
                    entry.table = vault.open(datasetId, version);
                }
            }
        } catch (RuntimeException e) {
            release(entry);
            throw e;
        }
        closeOlderVersions(datasetId, version);
        return new Lease(this, entry, key);
    }

    /** Closes unleased versions of datasets no active workspace uses. */
    void retainOnly(Set<String> datasetIdsInUse) {
        synchronized (entries) {
            entries.values().removeIf(entry -> {
                if (entry.leases == 0 && !datasetIdsInUse.contains(entry.datasetId)) {
                    entry.close();
                    return true;
                }
                return false;
            });
        }
    }

    /** How many decrypted versions are held now. */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private void closeOlderVersions(String datasetId, int version) {
        synchronized (entries) {
            entries.values().removeIf(entry -> {
                if (entry.datasetId.equals(datasetId) && entry.version < version && entry.leases == 0) {
                    entry.close();
                    return true;
                }
                return false;
            });
        }
    }

    private void release(Entry entry) {
        synchronized (entries) {
            entry.leases--;
        }
    }

    private Path filtered(Lease lease, String slot, RowFilter filter) {
        String identity = identity(filter);
        Entry entry = lease.entry;
        synchronized (entry.building) {
            long seen;
            synchronized (entries) {
                Filtered copy = entry.filtered.get(slot);
                if (copy != null && !copy.evicted && copy.identity.equals(identity)) {
                    copy.readers++;
                    copy.lastUsed = ++clock;
                    lease.reading.add(copy);
                    return copy.path;
                }
                seen = generation;
            }
            Path source = lease.path();
            String name = ".consent-" + UUID.randomUUID();
            Path partial = source.resolveSibling(name + ".parquet.part");
            Path target = source.resolveSibling(name + ".parquet");
            long bytes;
            try {
                // written under a name no query is handed, owner-only, then moved into place in one step: a reader
                // is only ever given a complete file
                DuckDbEngine.writeFiltered(source, filter, partial, engineSettings);
                ownerOnly(partial);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                bytes = Files.size(target);
            } catch (IOException e) {
                delete(partial);
                delete(target);
                throw new UncheckedIOException("consent-filtered copy not written", e);
            } catch (RuntimeException e) {
                delete(partial);
                throw e;
            }
            copiesWritten.incrementAndGet();
            synchronized (entries) {
                Filtered built = new Filtered(identity, target, bytes);
                built.readers = 1;
                built.lastUsed = ++clock;
                lease.reading.add(built);
                if (generation != seen || entry.closed) {
                    built.evicted = true; // consents changed meanwhile: this query's copy only, deleted after it
                } else {
                    Filtered old = entry.filtered.put(slot, built);
                    if (old != null) {
                        old.evict();
                    }
                    keepWithinBounds();
                }
                return target;
            }
        }
    }

    /** Makes a file readable and writable by its owner only, where the file system has POSIX permissions. */
    static void ownerOnly(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** Caller holds the entries lock: drops least recently used copies beyond the count and the bytes allowed. */
    private void keepWithinBounds() {
        while (true) {
            Entry oldestOwner = null;
            String oldestSlot = null;
            Filtered oldest = null;
            int count = 0;
            long bytes = 0;
            for (Entry entry : entries.values()) {
                for (Map.Entry<String, Filtered> copy : entry.filtered.entrySet()) {
                    count++;
                    bytes += copy.getValue().bytes;
                    if (oldest == null || copy.getValue().lastUsed < oldest.lastUsed) {
                        oldest = copy.getValue();
                        oldestSlot = copy.getKey();
                        oldestOwner = entry;
                    }
                }
            }
            if ((count <= maxCopies && bytes <= maxBytes) || oldest == null) {
                return;
            }
            oldestOwner.filtered.remove(oldestSlot);
            oldest.evict();
        }
    }

    /** How many consent-filtered copies this cache has written since it started (for tests and diagnostics). */
    long copiesWritten() {
        return copiesWritten.get();
    }

    /** The bytes the held consent-filtered copies take. */
    long filteredBytes() {
        synchronized (entries) {
            long bytes = 0;
            for (Entry entry : entries.values()) {
                for (Filtered copy : entry.filtered.values()) {
                    bytes += copy.bytes;
                }
            }
            return bytes;
        }
    }

    private void stopReading(List<Filtered> copies) {
        synchronized (entries) {
            for (Filtered copy : copies) {
                copy.readers--;
                if (copy.evicted && copy.readers == 0) {
                    delete(copy.path);
                }
            }
            copies.clear();
        }
    }

    /** Drops the consent-filtered copies of grants that have no active workspace any more. */
    void retainFilteredOf(Set<String> grantIdsInUse) {
        synchronized (entries) {
            for (Entry entry : entries.values()) {
                entry.filtered.entrySet().removeIf(copy -> {
                    String grantId = copy.getKey().substring(0, copy.getKey().indexOf('/'));
                    if (!grantIdsInUse.contains(grantId)) {
                        copy.getValue().evict();
                        return true;
                    }
                    return false;
                });
            }
        }
    }

    /** The consent-filtered copies held now (for tests and diagnostics; paths in scratch space only). */
    Set<Path> filteredCopies() {
        synchronized (entries) {
            var paths = new java.util.HashSet<Path>();
            entries.values().forEach(e -> e.filtered.values().forEach(copy -> paths.add(copy.path)));
            return paths;
        }
    }

    /** A consent was recorded or withdrawn: every consent-filtered copy goes, now and when the change commits. */
    @EventListener
    void on(ConsentChanged event) {
        forgetFiltered();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    forgetFiltered();
                }
            });
        }
    }

    private void forgetFiltered() {
        synchronized (entries) {
            generation++;
            for (Entry entry : entries.values()) {
                entry.filtered.values().forEach(Filtered::evict);
                entry.filtered.clear();
            }
        }
    }

    /** The consent state a copy was written for: the filter's fingerprint and its key expression (hashed). */
    private static String identity(RowFilter filter) {
        try {
            byte[] expression = MessageDigest.getInstance("SHA-256").digest(
                    filter.key().sql("\"" + filter.column() + "\"").getBytes(StandardCharsets.UTF_8));
            return filter.fingerprint() + "/" + HexFormat.of().formatHex(expression);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void closeAll() {
        synchronized (entries) {
            entries.values().forEach(Entry::close);
            entries.clear();
        }
    }

    /** A decrypted version with its count of leases. */
    private static final class Entry {
        final String datasetId;
        final int version;
        final Map<String, Boolean> unique = new java.util.concurrent.ConcurrentHashMap<>();
        /** Per grant and table, its consent-filtered copy. Guarded by the cache's entries lock. */
        final Map<String, Filtered> filtered = new HashMap<>();
        /** Held while a consent-filtered copy of this version is written. */
        final Object building = new Object();
        boolean closed;
        int leases;
        DecryptedTable table;

        Entry(String datasetId, int version) {
            this.datasetId = datasetId;
            this.version = version;
        }

        void close() {
            closed = true;
            filtered.values().forEach(Filtered::evict);
            filtered.clear();
            if (table != null) {
                table.close();
            }
        }
    }

    /** A consent-filtered copy of a version, with the count of queries reading it. */
    private static final class Filtered {
        final String identity;
        final Path path;
        int readers;
        boolean evicted;
        long lastUsed;

        final long bytes;

        Filtered(String identity, Path path, long bytes) {
            this.identity = identity;
            this.path = path;
            this.bytes = bytes;
        }

        /** Drops the copy: deleted now, or when its last reader is done. */
        void evict() {
            evicted = true;
            if (readers == 0) {
                delete(path);
            }
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            System.getLogger(DecryptedTableCache.class.getName()).log(System.Logger.Level.WARNING,
                    "consent-filtered copy not deleted: " + path.getFileName());
        }
    }

    /** A query's use of one decrypted version; close it when the query is done. */
    static final class Lease implements AutoCloseable {
        private final DecryptedTableCache cache;
        private final Entry entry;
        private final String label;
        private final List<Filtered> reading = new ArrayList<>();
        private boolean closed;

        private Lease(DecryptedTableCache cache, Entry entry, String label) {
            this.cache = cache;
            this.entry = entry;
            this.label = label;
        }

        Path path() {
            return entry.table.path();
        }

        /**
         * Whether the version holds at most one row per value of the column and no null: measured once per
         * version on the decrypted file (one DuckDB pass, locked to that file) and kept with it.
         */
        boolean oneRowPer(String column) {
            return entry.unique.computeIfAbsent(column, c -> DuckDbEngine.oneRowPerValue(path(), c));
        }

        /** Dataset and version, the stable name of the data for recorded answers. */
        String label() {
            return label;
        }

        /**
         * The file holding only the rows the grant's consent filter lets through, written on first use per grant,
         * table and consent state and kept beside the decrypted version; read until this lease is closed.
         */
        Path consentFiltered(String grantId, String table, RowFilter filter) {
            return cache.filtered(this, grantId + "/" + table, filter);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                cache.stopReading(reading);
                cache.release(entry);
            }
        }
    }
}
