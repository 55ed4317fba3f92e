package io.quanyun.catalog.vault;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An ingestion was refused; the dataset's current version is untouched and no new version is
 * visible. Carries the first errors found (at most {@link IngestionOptions#maxErrors()}), each
 * with its line number and field name, never with a value.
 *
 * <p>The code is the first error's code, or {@link VaultError#TOO_MANY_ERRORS} when reading
 * stopped because the maximum number of errors was reached.
 */
public final class IngestionFailed extends VaultException {

    private static final long serialVersionUID = 1L;

    private final String datasetId;
    private final transient List<IngestionError> errors;

    IngestionFailed(String datasetId, List<IngestionError> errors, boolean stoppedEarly) {
        super(codeOf(errors, stoppedEarly), summary(datasetId, errors, stoppedEarly));
        this.datasetId = datasetId;
        this.errors = List.copyOf(errors);
    }

    private static VaultError codeOf(List<IngestionError> errors, boolean stoppedEarly) {
        requireNonNull(errors, "errors is null");
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an ingestion fails with at least one error");
        }
        return stoppedEarly ? VaultError.TOO_MANY_ERRORS : errors.get(0).error();
    }

    private static String summary(String datasetId, List<IngestionError> errors, boolean stoppedEarly) {
        return "ingestion of dataset " + datasetId + " refused with " + errors.size()
                + (stoppedEarly ? " errors (reading stopped there)" : errors.size() == 1 ? " error" : " errors")
                + "; first: " + errors.get(0);
    }

    /** @return the dataset that was being ingested */
    public String datasetId() {
        return datasetId;
    }

    /** @return the errors found, in file order */
    public List<IngestionError> errors() {
        return errors;
    }
}
