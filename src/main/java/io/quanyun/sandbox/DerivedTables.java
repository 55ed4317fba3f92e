package io.quanyun.sandbox;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where a grant's derived tables are kept. The in-memory store serves tests; the application keeps
 * them, with their lineage, per workspace in the database.
 */
public interface DerivedTables {

    /** The grant's derived tables in creation order. */
    List<DerivedTablePlan> of(String grantId);

    /** Adds a derived table of the grant. */
    void add(String grantId, DerivedTablePlan plan);

    /** A store held in memory. */
    static DerivedTables inMemory() {
        Map<String, List<DerivedTablePlan>> tables = new ConcurrentHashMap<>();
        return new DerivedTables() {
            @Override
            public List<DerivedTablePlan> of(String grantId) {
                return List.copyOf(tables.getOrDefault(grantId, List.of()));
            }

            @Override
            public void add(String grantId, DerivedTablePlan plan) {
                tables.computeIfAbsent(grantId, id -> new CopyOnWriteArrayList<>()).add(plan);
            }
        };
    }
}
