package io.quanyun.sandbox;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A released, protected result.
 *
 * @param columns the columns
 * @param rows the released rows; a suppressed cell is {@code null}
 * @param privacy what protection did
 */
public record QueryResult(List<ResultColumn> columns, List<List<Object>> rows, PrivacySummary privacy) {

    public QueryResult {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        var copied = new ArrayList<List<Object>>();
        for (List<Object> row : requireNonNull(rows, "rows is null")) {
            copied.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copied);
        requireNonNull(privacy, "privacy is null");
    }

    /** The same rows and columns with another summary. */
    public QueryResult withPrivacy(PrivacySummary summary) {
        return new QueryResult(columns, rows, summary);
    }
}
