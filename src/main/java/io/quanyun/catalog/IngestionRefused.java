package io.quanyun.catalog;

import java.util.List;
import java.util.UUID;

import io.quanyun.catalog.vault.IngestionError;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Violation;

/**
 * A file was refused: the current version still serves. Carries the first errors with their line numbers and
 * field names, never a value.
 */
public final class IngestionRefused extends QuanyunException {

    private final transient List<IngestionError> errors;

    IngestionRefused(UUID datasetId, List<IngestionError> errors) {
        super(ErrorCode.INGESTION_REFUSED, "The file was refused with " + errors.size()
                + " error(s); first: " + (errors.isEmpty() ? "-" : describe(errors.get(0))),
                errors.stream().map(e -> new Violation(location(e), e.error() + ": " + e.message())).toList(),
                "dataset", datasetId.toString());
        this.errors = List.copyOf(errors);
    }

    /** @return the errors found, in file order */
    public List<IngestionError> errors() {
        return errors;
    }

    static String location(IngestionError error) {
        String line = error.line() > 0 ? "line " + error.line() : "file";
        return error.field() == null ? line : line + ", " + error.field();
    }

    /** A short description for the audit log: line, field and code, never the value or the message. */
    static String describe(IngestionError error) {
        return location(error) + ": " + error.error();
    }
}
