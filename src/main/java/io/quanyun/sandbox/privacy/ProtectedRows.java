package io.quanyun.sandbox.privacy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Rows of one block after protection, helper columns dropped.
 *
 * @param rows the released rows; a suppressed cell is {@code null}
 * @param suppressedGroups groups withheld
 * @param suppressedCells single cells withheld
 * @param candidateGroups groups the analyst's HAVING kept, before suppression
 */
public record ProtectedRows(List<List<Object>> rows, int suppressedGroups, int suppressedCells, int candidateGroups) {

    public ProtectedRows {
        var copied = new ArrayList<List<Object>>();
        for (List<Object> row : rows) {
            copied.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copied);
    }
}
