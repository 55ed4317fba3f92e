package io.quanyun.sandbox;

import io.quanyun.catalog.vault.DecryptedTable;
import io.quanyun.catalog.vault.Vault;
import io.quanyun.sandbox.engine.DuckDbEngine;
import jakarta.annotation.PreDestroy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Decrypted dataset versions, kept in memory-backed scratch space while workspaces use them: the
 * vault decrypts a version once (about 3 s per 100 MB), queries then read the plaintext Parquet file
 * directly. A lease counts the queries reading a version; a version is closed (its plaintext deleted)
 * when a newer version is opened and no query reads the old one, when no active workspace uses the
 * dataset any more, and at shutdown.
 */
@Component
class DecryptedTableCache {

    private final Vault vault;
    private final Map<String, Entry> entries = new HashMap<>();

    DecryptedTableCache(Vault vault) {
        this.vault = vault;
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
        int leases;
        DecryptedTable table;

        Entry(String datasetId, int version) {
            this.datasetId = datasetId;
            this.version = version;
        }

        void close() {
            if (table != null) {
                table.close();
            }
        }
    }

    /** A query's use of one decrypted version; close it when the query is done. */
    static final class Lease implements AutoCloseable {
        private final DecryptedTableCache cache;
        private final Entry entry;
        private final String label;
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

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                cache.release(entry);
            }
        }
    }
}
