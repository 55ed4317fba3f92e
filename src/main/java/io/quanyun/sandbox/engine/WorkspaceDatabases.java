package io.quanyun.sandbox.engine;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;

/**
 * The DuckDB databases the engine keeps open, one per workspace and exactly the files and limits it was locked down
 * for. A database is opened (and locked down, once) by the first query of its key; each query then gets its own
 * connection to it ({@link DuckDBConnection#duplicate()}), whose TEMP objects no other connection sees and which
 * dies with the connection.
 *
 * <p>A database is <em>retired</em> (no new query gets it) when its workspace asks for another key (a new version,
 * another consent-filtered copy, other limits), when the workspace is released (grant suspended, ended or changed),
 * when it was idle longer than the idle timeout, when more than the bound of databases are open (least recently used
 * first), and at shutdown. A retired database is closed, and its directory (the empty read-only database file and
 * the spill files) deleted, when the last query using it has ended: never under a running query. Thread-safe.
 */
final class WorkspaceDatabases implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(WorkspaceDatabases.class.getName());

    /** What determines a database: the workspace, exactly the files it may read, its limits. */
    record Key(String workspace, List<Path> files, DuckDbSettings settings) {

        Key {
            requireNonNull(workspace, "workspace is null");
            files = files.stream().map(Path::toAbsolutePath).sorted().distinct().toList();
            requireNonNull(settings, "settings is null");
        }
    }

    /** Opens the database of a key, locked down; the directory it was given is deleted when it closes. */
    @FunctionalInterface
    interface Opener {
        DuckDBConnection open(Key key, Path directory) throws SQLException;
    }

    private final Opener opener;
    private final long idleNanos;
    private final int maximum;
    private final Map<Key, Database> open = new HashMap<>();
    private @Nullable ScheduledExecutorService sweeper;
    private boolean closed;
    private long created;

    WorkspaceDatabases(Opener opener, Duration idleTimeout, int maximum) {
        this.opener = requireNonNull(opener, "opener is null");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive");
        }
        if (maximum < 1) {
            throw new IllegalArgumentException("at least one database");
        }
        this.idleNanos = idleTimeout.toNanos();
        this.maximum = maximum;
    }

    /**
     * The open database of the key for one more query (opened on its first connection), retiring the workspace's
     * databases of other keys. The caller ends its use with {@link Database#done()}.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    synchronized Database acquire(Key key) {
        if (closed) {
            throw new IllegalStateException("engine closed");
        }
        retireIdle();
        Database database = open.get(key);
        if (database != null && database.tryAcquire()) {
            return database;
        }
        for (var it = open.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (entry.getKey().workspace().equals(key.workspace())) {
                entry.getValue().retire();
                it.remove();
            }
        }
        database = new Database(key);
        created++;
        database.tryAcquire();
        open.put(key, database);
        while (open.size() > maximum) {
            Database eldest = open.values().stream().filter(d -> d != open.get(key))
                    .min(Comparator.comparing(Database::busy).thenComparingLong(Database::lastUsed)).orElseThrow();
            eldest.retire();
            open.values().remove(eldest);
        }
        startSweeper();
        return database;
    }

    /** Retires every database of the workspace. */
    synchronized void release(String workspace) {
        for (var it = open.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (entry.getKey().workspace().equals(workspace)) {
                entry.getValue().retire();
                it.remove();
            }
        }
    }

    /** How many databases are kept for new queries (retired ones still in use not counted). */
    synchronized int size() {
        return open.size();
    }

    /** How many databases were created so far (each opened by its first query). */
    synchronized long created() {
        return created;
    }

    /** Retires every database and stops the idle sweeper. */
    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            closed = true;
            open.values().forEach(Database::retire);
            open.clear();
            stopping = sweeper;
            sweeper = null;
        }
        if (stopping != null) {
            stopping.shutdownNow();
        }
    }

    /** Retires the databases no query used for longer than the idle timeout. */
    synchronized void retireIdle() {
        long now = System.nanoTime();
        for (var it = open.values().iterator(); it.hasNext(); ) {
            Database database = it.next();
            if (database.idleLongerThan(now, idleNanos)) {
                database.retire();
                it.remove();
            }
        }
    }

    private void startSweeper() {
        if (sweeper != null) {
            return;
        }
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "duckdb-idle");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(50), Math.min(idleNanos / 2, TimeUnit.MINUTES.toNanos(1)));
        started.scheduleWithFixedDelay(this::retireIdle, period, period, TimeUnit.NANOSECONDS);
        sweeper = started;
    }

    /** One open (or about to be opened) database and the queries using it. */
    final class Database {

        private final Key key;
        private final Object opening = new Object();
        private @Nullable DuckDBConnection root;
        private @Nullable Path directory;
        private int users;
        private boolean retired;
        private boolean closed;
        private long lastUsed = System.nanoTime();

        private Database(Key key) {
            this.key = key;
        }

        Key key() {
            return key;
        }

        /** A new connection of its own for the query that acquired the database; opens the database first. */
        Connection connect() throws SQLException {
            synchronized (opening) {
                if (closed) {
                    throw new SQLException("database closed");
                }
                if (root == null) {
                    Path dir = directoryFor(key.files());
                    try {
                        root = opener.open(key, dir);
                    } catch (SQLException | RuntimeException e) {
                        DuckDbEngine.deleteQuietly(dir);
                        throw e;
                    }
                    directory = dir;
                }
                return root.duplicate();
            }
        }

        /** The directory of the open database (its read-only file and spill files), null before it opened. */
        @Nullable Path directory() {
            synchronized (opening) {
                return directory;
            }
        }

        /** Whether the database was closed. */
        boolean isClosed() {
            synchronized (opening) {
                return closed;
            }
        }

        synchronized boolean tryAcquire() {
            if (retired) {
                return false;
            }
            users++;
            return true;
        }

        /** The query that acquired the database has ended (its connection closed). */
        synchronized void done() {
            users--;
            lastUsed = System.nanoTime();
            if (retired && users == 0) {
                closeNow();
            }
        }

        synchronized void retire() {
            retired = true;
            if (users == 0) {
                closeNow();
            }
        }

        synchronized boolean busy() {
            return users > 0;
        }

        synchronized long lastUsed() {
            return lastUsed;
        }

        synchronized boolean idleLongerThan(long now, long nanos) {
            return users == 0 && now - lastUsed > nanos;
        }

        private void closeNow() {
            synchronized (opening) {
                if (closed) {
                    return;
                }
                closed = true;
                if (root != null) {
                    try {
                        root.close();
                    } catch (SQLException e) {
                        LOGGER.log(System.Logger.Level.WARNING, "workspace database not closed cleanly", e);
                    }
                    root = null;
                }
                DuckDbEngine.deleteQuietly(directory);
            }
        }
    }

    /**
     * A fresh directory for a workspace's database beside the first of its files, in the memory-backed scratch space
     * the vault decrypts into, so that spilled values never reach persistent disk.
     */
    static Path directoryFor(List<Path> files) throws SQLException {
        Path first = files.stream().map(Path::toAbsolutePath).sorted().findFirst().orElse(null);
        if (first == null || first.getParent() == null) {
            throw new SQLException("a workspace database needs a file");
        }
        return first.getParent().resolve(".workspace-" + UUID.randomUUID());
    }

    /** For tests: the databases currently kept, in no particular order. */
    synchronized List<Database> databases() {
        return new ArrayList<>(open.values());
    }
}
