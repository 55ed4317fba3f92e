package io.quanyun.sandbox.engine;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Rows returned by an engine. Values are {@code Long}, {@code Double}, {@code BigDecimal},
 * {@code BigInteger}, {@code String}, {@code Boolean}, {@code LocalDate}, {@code LocalDateTime} or
 * {@code null}.
 *
 * @param columnNames the column names
 * @param rows the rows
 */
public record EngineResult(List<String> columnNames, List<List<Object>> rows) {

    public EngineResult {
        columnNames = List.copyOf(requireNonNull(columnNames, "columnNames is null"));
        var copied = new ArrayList<List<Object>>();
        for (List<Object> row : requireNonNull(rows, "rows is null")) {
            copied.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copied);
    }
}
