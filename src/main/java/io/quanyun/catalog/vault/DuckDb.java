package io.quanyun.catalog.vault;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;

/** Private in-memory DuckDB databases for ingestion, spilling only into scratch space. */
final class DuckDb {

    private DuckDb() {
    }

    /**
     * Opens a fresh in-memory database whose temporary files go to {@code spillDirectory} (which
     * must be in scratch space: spilled pages are plaintext) and which loads no extension.
     */
    static Connection open(Path spillDirectory, String memoryLimit) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET temp_directory = " + literal(spillDirectory.toString()));
            statement.execute("SET memory_limit = " + literal(memoryLimit));
            statement.execute("SET threads = 2");
            statement.execute("SET preserve_insertion_order = true");
            statement.execute("SET autoinstall_known_extensions = false");
            statement.execute("SET autoload_known_extensions = false");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** A SQL string literal. Only ever used for paths the vault chose or was given by the application. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String columnDefinitions(DatasetSchema schema) {
        return schema.fields().stream()
                .map(field -> identifier(field.name()) + " " + field.type().storageType())
                .collect(Collectors.joining(", "));
    }

    /**
     * A message for a failed DuckDB statement that cannot contain data: DuckDB's own messages
     * may quote values (e.g. a failed cast), so only the SQL state is kept.
     */
    static String describe(String activity, SQLException e) {
        return "DuckDB failed while " + activity + " (" + errorKind(e.getMessage()) + ")";
    }

    /**
     * The kind of a DuckDB error ({@code Out of Memory Error}, {@code IO Error}, ...): the text
     * before the first colon, kept only if it is a short phrase of letters.
     */
    static String errorKind(@org.jspecify.annotations.Nullable String message) {
        if (message == null) {
            return "no message";
        }
        int colon = message.indexOf(':');
        String kind = colon < 0 ? "" : message.substring(0, colon).strip();
        return kind.matches("[A-Za-z ]{1,40}") ? kind : "unclassified error";
    }
}
