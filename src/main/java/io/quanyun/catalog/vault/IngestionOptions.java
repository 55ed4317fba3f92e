package io.quanyun.catalog.vault;

import static java.util.Objects.requireNonNull;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How to ingest one file.
 *
 * @param charset the character set of a CSV file (UTF-8 or GB18030), or null to detect it from
 *     the first MiB (a UTF-8 byte order mark, else UTF-8 if that sample is valid UTF-8, else
 *     GB18030); ignored for Parquet and XLSX
 * @param declaredChecksum the digest the uploader declared for the file, or null
 * @param identifierFields fields that identify a person or enterprise: their quality profile has
 *     no minimum or maximum
 * @param maxErrors how many errors to collect before reading stops (1 to 1000)
 */
public record IngestionOptions(
        @Nullable Charset charset,
        @Nullable DeclaredChecksum declaredChecksum,
        Set<String> identifierFields,
        int maxErrors) {

    /** The number of errors collected by default. */
    public static final int DEFAULT_MAX_ERRORS = 20;

    private static final Charset GB18030 = Charset.forName("GB18030");

    public IngestionOptions {
        if (charset != null && !charset.equals(StandardCharsets.UTF_8) && !charset.equals(GB18030)) {
            throw new IllegalArgumentException("only UTF-8 and GB18030 are accepted, not " + charset);
        }
        requireNonNull(identifierFields, "identifierFields is null");
        identifierFields = Set.copyOf(identifierFields);
        if (maxErrors < 1 || maxErrors > 1000) {
            throw new IllegalArgumentException("maxErrors must be within 1 and 1000");
        }
    }

    /** @return detect the charset, no declared checksum, no identifier fields, 20 errors */
    public static IngestionOptions defaults() {
        return new IngestionOptions(null, null, Set.of(), DEFAULT_MAX_ERRORS);
    }

    /** @return these options with the given charset (null: detect) */
    public IngestionOptions withCharset(@Nullable Charset charset) {
        return new IngestionOptions(charset, declaredChecksum, identifierFields, maxErrors);
    }

    /** @return these options with the given declared checksum (null: none) */
    public IngestionOptions withDeclaredChecksum(@Nullable DeclaredChecksum declaredChecksum) {
        return new IngestionOptions(charset, declaredChecksum, identifierFields, maxErrors);
    }

    /** @return these options with the given identifier fields */
    public IngestionOptions withIdentifierFields(Set<String> identifierFields) {
        return new IngestionOptions(charset, declaredChecksum, identifierFields, maxErrors);
    }

    /** @return these options with the given maximum number of collected errors */
    public IngestionOptions withMaxErrors(int maxErrors) {
        return new IngestionOptions(charset, declaredChecksum, identifierFields, maxErrors);
    }
}
