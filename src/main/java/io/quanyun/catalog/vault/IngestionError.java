package io.quanyun.catalog.vault;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One problem found while ingesting a file. Never carries the offending value.
 *
 * @param line the 1-based line of a CSV file, row of an XLSX sheet or row of a Parquet file
 *     (0 when the problem concerns the whole file)
 * @param field the schema field concerned, or null when the problem concerns the whole row or file
 * @param error the stable code
 * @param message a description naming at most the line and the field
 */
public record IngestionError(long line, @Nullable String field, VaultError error, String message) {

    public IngestionError {
        if (line < 0) {
            throw new IllegalArgumentException("line is negative");
        }
        requireNonNull(error, "error is null");
        requireNonNull(message, "message is null");
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (line > 0) {
            text.append("line ").append(line);
        }
        if (field != null) {
            text.append(text.isEmpty() ? "" : ", ").append("field ").append(field);
        }
        return text.append(text.isEmpty() ? "" : ": ").append(error).append(": ").append(message).toString();
    }
}
