package io.quanyun.sandbox;

import io.quanyun.catalog.ConsentChanged;
import io.quanyun.catalog.vault.DecryptedTable;
import io.quanyun.catalog.vault.Vault;
import io.quanyun.sandbox.engine.DuckDbEngine;
import io.quanyun.sandbox.engine.DuckDbSettings;
import io.quanyun.sandbox.engine.RowFilter;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * the decrypted file and read by later queries of that grant instead of hashing every row again. A copy is
 * identified by the filter's fingerprint (the sorted consenting subject hashes) and the hash of the key
 * expression, which each query computes from the registry afresh: a query that read the registry after a consent
 * was withdrawn or recorded has another fingerprint and can never be served an older copy. Copies are dropped on
 * {@link ConsentChanged} (in the recording transaction and again when it completes; a generation counter keeps a
 * copy built from a registry read before the change from being kept after it), with their version, when their
 * grant has no active workspace any more, when the grant's consent state changes, and beyond
 * {@value #MAX_FILTERED} copies (least recently used first). A copy being read is deleted when its last query is
 * done.
 */
@Component
class DecryptedTableCache {

    /** At most this many consent-filtered copies are held at once. */
    static final int MAX_FILTERED = 8;

    private final Vault vault;
    private final DuckDbSettings engineSettings;
    private final Map<String, Entry> entries = new HashMap<>();
    private long generation;
    private long clock;

    DecryptedTableCache(Vault vault, SandboxSettings settings) {
        this.vault = vault;
        this.engineSettings = new DuckDbSettings(settings.engineMemory(), settings.engineThreads());
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
            Path target = source.resolveSibling(".consent-" + UUID.randomUUID() + ".parquet");
            DuckDbEngine.writeFiltered(source, filter, target, engineSettings);
            synchronized (entries) {
                Filtered built = new Filtered(identity, target);
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
                    keepAtMost(MAX_FILTERED);
                }
                return target;
            }
        }
    }

    /** Caller holds the entries lock. */
    private void keepAtMost(int limit) {
        while (true) {
            List<Map.Entry<String, Filtered>> held = new ArrayList<>();
            Entry oldestOwner = null;
            String oldestSlot = null;
            Filtered oldest = null;
            int count = 0;
            for (Entry entry : entries.values()) {
                for (Map.Entry<String, Filtered> copy : entry.filtered.entrySet()) {
                    count++;
                    if (oldest == null || copy.getValue().lastUsed < oldest.lastUsed) {
                        oldest = copy.getValue();
                        oldestSlot = copy.getKey();
                        oldestOwner = entry;
                    }
                }
            }
            if (count <= limit || oldest == null) {
                return;
            }
            oldestOwner.filtered.remove(oldestSlot);
            oldest.evict();
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

        Filtered(String identity, Path path) {
            this.identity = identity;
            this.path = path;
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
