package io.quanyun.catalog.vault;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/** The rule for dataset ids, which become directory names under the vault. */
final class DatasetIds {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private DatasetIds() {
    }

    static String requireValid(String datasetId) {
        requireNonNull(datasetId, "datasetId is null");
        if (!VALID.matcher(datasetId).matches()) {
            throw new IllegalArgumentException("a dataset id matches " + VALID.pattern());
        }
        return datasetId;
    }
}
