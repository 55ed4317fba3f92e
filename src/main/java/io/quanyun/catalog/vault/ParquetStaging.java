package io.quanyun.catalog.vault;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Turns checked rows into one zstd Parquet file in scratch space with bounded memory: rows go
 * through DuckDB's appender into an in-memory table; every {@code rowsPerPart} rows the table is
 * written to a Parquet part and dropped; at the end the parts are merged by a streaming
 * {@code COPY}.
 */
final class ParquetStaging implements AutoCloseable {

    static final long DEFAULT_ROWS_PER_PART = 1_000_000;
    private static final String TABLE = "staging";

    private final DatasetSchema schema;
    private final Path workDirectory;
    private final long rowsPerPart;
    private final Connection connection;
    private final List<Path> parts = new ArrayList<>();
    private DuckDBAppender appender;
    private long rowsInPart;

    ParquetStaging(DatasetSchema schema, Path workDirectory, long rowsPerPart) throws SQLException {
        this.schema = schema;
        this.workDirectory = workDirectory;
        this.rowsPerPart = rowsPerPart;
        this.connection = DuckDb.open(workDirectory, "512MB");
        try {
            createTable();
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    private void createTable() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + TABLE + " (" + DuckDb.columnDefinitions(schema) + ")");
        }
        appender = connection.unwrap(DuckDBConnection.class).createAppender("main", TABLE);
        rowsInPart = 0;
    }

    void append(Object[] values) throws SQLException {
        appender.beginRow();
        for (int index = 0; index < values.length; index++) {
            Object value = values[index];
            if (value == null) {
                appender.appendNull();
                continue;
            }
            switch (schema.fields().get(index).type()) {
                case STRING -> appender.append((String) value);
                case INTEGER -> appender.append((long) (Long) value);
                case DECIMAL -> appender.append((BigDecimal) value);
                case DATE -> appender.append((LocalDate) value);
                case TIMESTAMP -> appender.append((LocalDateTime) value);
                case BOOLEAN -> appender.append((boolean) (Boolean) value);
            }
        }
        appender.endRow();
        if (++rowsInPart >= rowsPerPart) {
            writePart();
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE " + TABLE);
            }
            createTable();
        }
    }

    private void writePart() throws SQLException {
        appender.flush();
        appender.close();
        Path part = workDirectory.resolve("part-" + parts.size() + ".parquet");
        try (Statement statement = connection.createStatement()) {
            statement.execute("COPY " + TABLE + " TO " + DuckDb.literal(part.toString())
                    + " (FORMAT parquet, COMPRESSION zstd)");
        }
        parts.add(part);
    }

    /** Writes the single Parquet file and removes the parts. */
    void finish(Path output) throws SQLException, java.io.IOException {
        if (rowsInPart > 0 || parts.isEmpty()) {
            writePart();
        } else {
            appender.close();
        }
        if (parts.size() == 1) {
            Files.move(parts.get(0), output);
            return;
        }
        String list = parts.stream().map(part -> DuckDb.literal(part.toString())).collect(Collectors.joining(", "));
        try (Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT * FROM read_parquet([" + list + "])) TO " + DuckDb.literal(output.toString())
                    + " (FORMAT parquet, COMPRESSION zstd)");
        }
        for (Path part : parts) {
            Files.deleteIfExists(part);
        }
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void close() throws SQLException {
        try {
            if (appender != null && !appender.isClosed()) {
                appender.close();
            }
        } finally {
            connection.close();
        }
    }
}
