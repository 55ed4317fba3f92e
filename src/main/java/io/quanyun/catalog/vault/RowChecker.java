package io.quanyun.catalog.vault;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Checks rows from a CSV or XLSX reader against the schema and appends the good ones while no
 * error has been found. After the first error it only checks, to report more errors, and stops
 * when the maximum is reached.
 */
final class RowChecker {

    private final DatasetSchema schema;
    private final int maxErrors;
    private final ParquetStaging staging;
    private final List<IngestionError> errors = new ArrayList<>();
    private final Object[] values;
    private boolean stoppedEarly;
    private long rows;

    RowChecker(DatasetSchema schema, int maxErrors, ParquetStaging staging) {
        this.schema = schema;
        this.maxErrors = maxErrors;
        this.staging = staging;
        this.values = new Object[schema.size()];
    }

    /**
     * Checks the header row: the schema's field names, in order. Never repeats what was found,
     * as a file without a header would have data there.
     *
     * @return whether the header matched (if not, reading must stop)
     */
    boolean acceptHeader(long line, int count, IntFunction<@Nullable String> cell) {
        List<String> expected = schema.fieldNames();
        if (count != expected.size()) {
            fatal(new IngestionError(line, null, VaultError.HEADER_MISMATCH,
                    "the header has " + count + " columns, the schema has " + expected.size() + ": " + expected));
            return false;
        }
        for (int index = 0; index < count; index++) {
            String found = cell.apply(index);
            String name = found == null ? "" : found.strip();
            if (index == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1);
            }
            if (!name.equals(expected.get(index))) {
                fatal(new IngestionError(line, expected.get(index), VaultError.HEADER_MISMATCH,
                        "header column " + (index + 1) + " is not the field's name (expected header: " + expected + ")"));
                return false;
            }
        }
        return true;
    }

    /**
     * Checks one data row.
     *
     * @return whether reading should go on
     */
    boolean acceptRow(long line, int count, IntFunction<@Nullable String> cell) throws SQLException {
        if (count != values.length) {
            return add(new IngestionError(line, null, VaultError.COLUMN_COUNT,
                    "expected " + values.length + " values, found " + count));
        }
        boolean good = true;
        for (int index = 0; index < values.length; index++) {
            FieldSpec field = schema.fields().get(index);
            try {
                values[index] = ValueConverter.convert(field, cell.apply(index));
            } catch (ValueConverter.Refusal refusal) {
                good = false;
                if (!add(new IngestionError(line, field.name(), refusal.error(), refusal.getMessage()))) {
                    return false;
                }
            }
        }
        if (good && errors.isEmpty()) {
            staging.append(values);
            rows++;
        }
        return true;
    }

    /** Records an error after which the file cannot be read further. */
    void fatal(IngestionError error) {
        if (errors.size() < maxErrors) {
            errors.add(error);
        } else {
            stoppedEarly = true;
        }
    }

    private boolean add(IngestionError error) {
        errors.add(error);
        if (errors.size() >= maxErrors) {
            stoppedEarly = true;
            return false;
        }
        return true;
    }

    DatasetSchema schema() {
        return schema;
    }

    int maxErrors() {
        return maxErrors;
    }

    List<IngestionError> errors() {
        return errors;
    }

    boolean stoppedEarly() {
        return stoppedEarly;
    }

    long rows() {
        return rows;
    }
}
