package io.quanyun.sandbox;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What a query returns: the released, protected result, or the derived table it created.
 *
 * @param id the query's id in the history (for cancellation and export)
 * @param derivedTable the name of the derived table created, null for a query
 */
public record QueryAnswer(UUID id, List<ResultColumn> columns, List<List<Object>> rows, @Nullable PrivacySummary privacy,
        @Nullable String derivedTable) {

    static QueryAnswer of(UUID id, QueryResult result) {
        return new QueryAnswer(id, result.columns(), result.rows(), result.privacy(), null);
    }
}
