package io.quanyun.sandbox.engine;

import static java.util.Objects.requireNonNull;

import io.quanyun.sandbox.QueryFailed;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;

/**
 * DuckDB behind the {@link AnalyticEngine} port. A query of a workspace ({@link EngineQuery#workspace()}) runs on a
 * DuckDB database kept for that workspace and exactly the query's files and limits ({@link WorkspaceDatabases}): an
 * empty database file in the memory-backed scratch space beside the query's files, opened read-only (nothing can be
 * created in it, only connection-local TEMP objects) and locked down once, when it opens, in this order before
 * anything else runs: {@code allowed_paths} set to exactly the registered Parquet files, no extension auto-install
 * or auto-load, no community extensions, memory and thread limits, no external access, configuration locked. Each
 * query gets its own connection to it, on which the tables become TEMP views over their files; the connection's
 * TEMP objects die with it. A query outside a workspace (or without files) gets a fresh in-memory database of its
 * own, locked down the same way. Only a single SELECT (or WITH) statement is run; anything else is refused before it
 * reaches DuckDB.
 */
public final class DuckDbEngine implements AnalyticEngine, AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(DuckDbEngine.class.getName());

    /** How long a workspace's database stays open without a query, unless configured. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);

    /** How many workspace databases stay open at most, unless configured. */
    public static final int DEFAULT_MAX_DATABASES = 16;

    private final DuckDbSettings settings;
    private final WorkspaceDatabases databases;

    /** An engine with the given limits per database, workspace databases closed after 10 idle minutes, 16 at most. */
    public DuckDbEngine(DuckDbSettings settings) {
        this(settings, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_DATABASES);
    }

    /**
     * An engine with the given limits per database.
     *
     * @param idleTimeout a workspace's database is closed after this long without a query
     * @param maxDatabases at most this many workspace databases are kept open (least recently used closed first)
     */
    public DuckDbEngine(DuckDbSettings settings, Duration idleTimeout, int maxDatabases) {
        this.settings = requireNonNull(settings, "settings is null");
        this.databases = new WorkspaceDatabases(DuckDbEngine::openWorkspaceDatabase, idleTimeout, maxDatabases);
    }

    @Override
    public EngineResult run(EngineQuery query, QueryCancellation cancellation) {
        requireNonNull(query, "query is null");
        requireNonNull(cancellation, "cancellation is null");
        if (!SingleSelect.isSingleSelect(query.sql())) {
            throw new QueryFailed(QueryFailed.Reason.ENGINE_ERROR);
        }
        for (EngineQuery.View view : query.views()) {
            if (!SingleSelect.isSingleSelect(view.sql())) {
                throw new QueryFailed(QueryFailed.Reason.ENGINE_ERROR);
            }
        }
        if (cancellation.isCancelled()) {
            throw new QueryFailed(QueryFailed.Reason.CANCELLED);
        }
        long started = System.nanoTime();
        try (Session session = open(query)) {
            try (Statement statement = session.connection().createStatement()) {
                statement.setQueryTimeout(seconds(query.timeout()));
                AtomicBoolean finished = new AtomicBoolean();
                cancellation.onCancel(() -> cancelUntilFinished(statement, finished));
                try {
                    if (cancellation.isCancelled()) {
                        throw new QueryFailed(QueryFailed.Reason.CANCELLED);
                    }
                    try (ResultSet resultSet = statement.executeQuery(query.sql())) {
                        return read(resultSet);
                    }
                } finally {
                    finished.set(true);
                    cancellation.onCancel(null);
                }
            }
        } catch (SQLException | RuntimeException e) {
            if (e instanceof QueryFailed failed) {
                throw failed;
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            LOGGER.log(System.Logger.Level.DEBUG, "engine query failed", e);
            if (cancellation.isCancelled()) {
                throw new QueryFailed(QueryFailed.Reason.CANCELLED);
            }
            if (elapsed.compareTo(query.timeout()) >= 0) {
                throw new QueryFailed(QueryFailed.Reason.TIMEOUT);
            }
            throw new QueryFailed(QueryFailed.Reason.ENGINE_ERROR);
        }
    }

    @Override
    public void release(String workspace) {
        databases.release(requireNonNull(workspace, "workspace is null"));
    }

    /** Closes every workspace database (each once its running queries have ended); later queries are refused. */
    @Override
    public void close() {
        databases.close();
    }

    /** How many workspace databases are open for new queries. */
    public int openDatabases() {
        return databases.size();
    }

    /** How many workspace databases this engine created so far (a reused database is counted once). */
    public long databasesCreated() {
        return databases.created();
    }

    /** The kept workspace databases, for tests. */
    List<WorkspaceDatabases.Database> workspaceDatabases() {
        return databases.databases();
    }

    /** Closes the workspace databases idle longer than the idle timeout now (the engine also does so periodically). */
    void closeIdle() {
        databases.retireIdle();
    }

    /**
     * A connection of its own for the query, locked down, its tables and views registered as TEMP views: to the
     * workspace's database when the query has a workspace and files, else to a fresh in-memory database (and its
     * spill directory) that closing the session closes (and deletes). Package-private so tests can show that DuckDB
     * itself refuses what the lockdown forbids.
     */
    Session open(EngineQuery query) throws SQLException {
        if (query.workspace() == null || query.tables().isEmpty()) {
            Path spill = spillDirectory(query.tables().values());
            Connection connection;
            try {
                connection = DriverManager.getConnection("jdbc:duckdb:");
                try (Statement setup = connection.createStatement()) {
                    setup.execute("SET temp_directory = " + quoteLiteral(spill == null ? "" : spill.toString()));
                    lockDown(setup, new TreeMap<>(query.tables()).values(), settings);
                } catch (SQLException | RuntimeException e) {
                    connection.close();
                    throw e;
                }
            } catch (SQLException | RuntimeException e) {
                deleteQuietly(spill);
                throw e;
            }
            try {
                return new Session(prepared(connection, query), () -> deleteQuietly(spill));
            } catch (SQLException | RuntimeException e) {
                deleteQuietly(spill);
                throw e;
            }
        }
        WorkspaceDatabases.Database database = databases.acquire(new WorkspaceDatabases.Key(query.workspace(),
                List.copyOf(query.tables().values()), settings));
        try {
            return new Session(prepared(database.connect(), query), database::done);
        } catch (SQLException | RuntimeException e) {
            database.done();
            throw e;
        }
    }

    /** A query's own connection; closing it closes the connection, then ends the query's use of its database. */
    static final class Session implements AutoCloseable {

        private final Connection connection;
        private final Runnable after;

        Session(Connection connection, Runnable after) {
            this.connection = connection;
            this.after = after;
        }

        Connection connection() {
            return connection;
        }

        @Override
        public void close() throws SQLException {
            try {
                connection.close();
            } finally {
                after.run();
            }
        }
    }

    /** Registers the query's tables (row filters applied) and views on its connection, as TEMP views. */
    private static Connection prepared(Connection connection, EngineQuery query) throws SQLException {
        try (Statement setup = connection.createStatement()) {
            for (var table : new TreeMap<>(query.tables()).entrySet()) {
                RowFilter filter = query.rowFilters().get(table.getKey());
                String source = "SELECT * FROM read_parquet(" + quoteLiteral(table.getValue().toString()) + ")";
                if (filter != null && !filter.appliedToFile()) {
                    source += " WHERE " + allowedRows(connection, setup, table.getKey(), filter);
                }
                setup.execute("CREATE TEMP VIEW " + quoteIdentifier(table.getKey()) + " AS " + source);
            }
            for (EngineQuery.View view : query.views()) {
                setup.execute("CREATE TEMP VIEW " + quoteIdentifier(view.name()) + " AS " + view.sql());
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * Opens a workspace's database: an empty DuckDB database file created in the directory (memory-backed scratch
     * space beside the files), then opened read-only, so that no connection can create anything in it that another
     * would see (only connection-local TEMP objects), nor attach another database; locked down before any query.
     */
    private static DuckDBConnection openWorkspaceDatabase(WorkspaceDatabases.Key key, Path directory)
            throws SQLException {
        try {
            Files.createDirectory(directory);
            if (Files.getFileAttributeView(directory, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(directory,
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new SQLException("workspace database directory not created", e);
        }
        String url = "jdbc:duckdb:" + directory.resolve("workspace.duckdb");
        DriverManager.getConnection(url).close();
        var readOnly = new java.util.Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        DuckDBConnection root = (DuckDBConnection) DriverManager.getConnection(url, readOnly);
        try (Statement setup = root.createStatement()) {
            setup.execute("SET temp_directory = " + quoteLiteral(directory.resolve("spill").toString()));
            // the database outlives its queries: it keeps no copy of the files' blocks between them (they are in
            // memory-backed scratch space already)
            setup.execute("SET enable_external_file_cache = false");
            lockDown(setup, key.files(), key.settings());
        } catch (SQLException | RuntimeException e) {
            root.close();
            throw e;
        }
        return root;
    }

    /**
     * Cancels the statement, and again every 50 ms until its query has finished: DuckDB forgets an interrupt that
     * arrives before the query has begun executing (the statement is being prepared, the connection is opening its
     * views), so a single cancel at that moment would let the query run to its timeout.
     */
    private static void cancelUntilFinished(Statement statement, AtomicBoolean finished) {
        cancelQuietly(statement);
        Thread repeat = new Thread(() -> {
            while (!finished.get()) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (!finished.get()) {
                    cancelQuietly(statement);
                }
            }
        }, "duckdb-cancel");
        repeat.setDaemon(true);
        repeat.start();
    }

    /**
     * Whether a Parquet file holds at most one row per value of the column and no null in it (one DuckDB pass
     * on a connection allowed to read only that file). Only the answer leaves.
     *
     * @throws QueryFailed when the file cannot be read
     */
    public static boolean oneRowPerValue(Path file, String column) {
        requireNonNull(file, "file is null");
        requireNonNull(column, "column is null");
        Path spill = spillDirectory(List.of(file));
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("SET temp_directory = " + quoteLiteral(spill == null ? "" : spill.toString()));
            lockDown(statement, List.of(file), null);
            String unit = quoteIdentifier(column);
            try (ResultSet result = statement.executeQuery("SELECT count(*) = count(DISTINCT " + unit + ") FROM "
                    + "read_parquet(" + quoteLiteral(file.toString()) + ")")) {
                return result.next() && result.getBoolean(1);
            }
        } catch (SQLException e) {
            LOGGER.log(System.Logger.Level.DEBUG, "uniqueness check failed", e);
            throw new QueryFailed(QueryFailed.Reason.ENGINE_ERROR);
        } finally {
            deleteQuietly(spill);
        }
    }

    /**
     * Writes the rows of a Parquet file that a row filter lets through into a new Parquet file (one DuckDB pass on
     * a connection allowed to read exactly the source and write exactly the target, spilling only beside the
     * source). The sandbox keeps such a copy beside the decrypted version, in the same memory-backed scratch
     * space, so that later queries of the same consent state read it instead of hashing every row again. Only
     * the count of rows written leaves.
     *
     * @throws QueryFailed when the file cannot be read or written
     */
    public static long writeFiltered(Path source, RowFilter filter, Path target, DuckDbSettings settings) {
        requireNonNull(source, "source is null");
        requireNonNull(filter, "filter is null");
        requireNonNull(target, "target is null");
        requireNonNull(settings, "settings is null");
        Path spill = spillDirectory(List.of(source));
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("SET temp_directory = " + quoteLiteral(spill == null ? "" : spill.toString()));
            lockDown(statement, List.of(source, target), settings);
            String predicate = allowedRows(connection, statement, "source", filter);
            return statement.executeLargeUpdate("COPY (SELECT * FROM read_parquet("
                    + quoteLiteral(source.toString()) + ") WHERE " + predicate + ") TO "
                    + quoteLiteral(target.toString()) + " (FORMAT PARQUET)");
        } catch (SQLException e) {
            LOGGER.log(System.Logger.Level.DEBUG, "filtered copy failed", e);
            deleteQuietly(target);
            throw new QueryFailed(QueryFailed.Reason.ENGINE_ERROR);
        } finally {
            deleteQuietly(spill);
        }
    }

    /**
     * Where DuckDB may spill a query's intermediate data: a fresh directory beside the query's input files, which
     * the vault keeps in memory-backed scratch space, so decrypted values never reach persistent disk. An
     * in-memory DuckDB database otherwise spills to {@code .tmp} in the process's working directory. Null when
     * the query reads no file: then spilling is switched off.
     */
    static @Nullable Path spillDirectory(Collection<Path> files) {
        Path first = files.stream().sorted().findFirst().orElse(null);
        if (first == null || first.toAbsolutePath().getParent() == null) {
            return null;
        }
        return first.toAbsolutePath().getParent().resolve(".spill-" + UUID.randomUUID());
    }

    static void deleteQuietly(@Nullable Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOGGER.log(System.Logger.Level.WARNING, "spill file not deleted: " + path);
                }
            });
        } catch (IOException e) {
            LOGGER.log(System.Logger.Level.WARNING, "spill directory not deleted: " + directory);
        }
    }

    /**
     * Loads the filter's allowed keys into a TEMP table of this connection (through DuckDB's appender, no SQL text per
     * key) and returns the predicate keeping only their rows.
     */
    private static String allowedRows(Connection connection, Statement setup, String table, RowFilter filter)
            throws SQLException {
        String keys = quoteIdentifier("__allowed_" + table);
        // a TEMP table of the connection, which no other connection sees and which dies with the connection
        setup.execute("CREATE TEMP TABLE " + keys + " (k VARCHAR PRIMARY KEY)");
        if (!filter.allowedKeys().isEmpty()) {
            try (DuckDBAppender appender = connection.unwrap(DuckDBConnection.class)
                    .createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, "__allowed_" + table)) {
                try {
                    filter.allowedKeys().forEach(key -> {
                        try {
                            appender.beginRow();
                            appender.append(key);
                            appender.endRow();
                        } catch (SQLException e) {
                            throw new AppendFailed(e);
                        }
                    });
                } catch (AppendFailed failed) {
                    throw failed.cause;
                }
            }
        }
        return filter.key().sql(quoteIdentifier(filter.column())) + " IN (SELECT k FROM " + keys + ")";
    }

    /**
     * The one lock-down of every DuckDB database the sandbox opens (queries, uniqueness checks, filtered copies):
     * only the given files, no extensions, no external access, configuration locked last. Without settings the
     * database keeps DuckDB's own memory and thread limits.
     */
    private static void lockDown(Statement setup, Collection<Path> files, @Nullable DuckDbSettings limits)
            throws SQLException {
        var paths = new StringBuilder();
        for (Path path : files) {
            if (!paths.isEmpty()) {
                paths.append(", ");
            }
            paths.append(quoteLiteral(path.toString()));
        }
        setup.execute("SET allowed_paths = [" + paths + "]");
        setup.execute("SET autoinstall_known_extensions = false");
        setup.execute("SET autoload_known_extensions = false");
        setup.execute("SET allow_community_extensions = false");
        if (limits != null) {
            setup.execute("SET memory_limit = " + quoteLiteral(limits.memoryLimit()));
            setup.execute("SET threads = " + limits.threads());
        }
        setup.execute("SET enable_external_access = false");
        setup.execute("SET lock_configuration = true");
    }

    private static EngineResult read(ResultSet resultSet) throws SQLException {
        ResultSetMetaData metaData = resultSet.getMetaData();
        int count = metaData.getColumnCount();
        var names = new ArrayList<String>();
        for (int i = 1; i <= count; i++) {
            names.add(metaData.getColumnLabel(i));
        }
        var rows = new ArrayList<List<Object>>();
        while (resultSet.next()) {
            var row = new ArrayList<Object>(count);
            for (int i = 1; i <= count; i++) {
                row.add(normalize(resultSet.getObject(i)));
            }
            rows.add(row);
        }
        return new EngineResult(names, rows);
    }

    private static Object normalize(Object value) {
        if (value == null || value instanceof String || value instanceof Long || value instanceof Double
                || value instanceof Boolean || value instanceof BigDecimal || value instanceof BigInteger) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof java.time.LocalDate || value instanceof java.time.LocalDateTime) {
            return value;
        }
        return value.toString();
    }

    private static void cancelQuietly(Statement statement) {
        try {
            statement.cancel();
        } catch (SQLException | RuntimeException e) {
            LOGGER.log(System.Logger.Level.DEBUG, "cancel failed", e);
        }
    }

    private static int seconds(Duration timeout) {
        long millis = timeout.toMillis();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (millis + 999) / 1000));
    }

    static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static String quoteIdentifier(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }

    /** Carries an appender's exception out of the key consumer. */
    private static final class AppendFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient SQLException cause;

        AppendFailed(SQLException cause) {
            super(null, null, false, false);
            this.cause = cause;
        }
    }
}
