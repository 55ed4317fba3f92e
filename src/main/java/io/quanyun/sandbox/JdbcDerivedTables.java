package io.quanyun.sandbox;

import io.quanyun.shared.Actors;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Derived tables in the database: the platform-generated SQL (never the analyst's text) and the
 * lineage, i.e. the derived columns with the strictest disclosure role of their sources and the
 * privacy unit carried over. The data itself is never stored: the engine rebuilds it as a view.
 */
@Component
class JdbcDerivedTables implements DerivedTables {

    private final JdbcClient jdbc;
    private final Clock clock;

    JdbcDerivedTables(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public List<DerivedTablePlan> of(String grantId) {
        return jdbc.sql("select name, engine_sql, lineage_json from sandbox_derived_table where grant_id = :g "
                        + "order by created_at, name")
                .param("g", grantId)
                .query((rs, n) -> new DerivedTablePlan(rs.getString(1), rs.getString(2),
                        JdbcPrivacyLedger.JSON.readValue(rs.getString(3), GrantedTable.class)))
                .list();
    }

    @Override
    public void add(String grantId, DerivedTablePlan plan) {
        jdbc.sql("insert into sandbox_derived_table (id, grant_id, name, engine_sql, lineage_json, created_by, created_at) "
                        + "values (:id, :g, :name, :sql, :lineage, :by, :at)")
                .param("id", UUID.randomUUID()).param("g", grantId).param("name", plan.name())
                .param("sql", plan.engineSql())
                .param("lineage", JdbcPrivacyLedger.JSON.writeValueAsString(plan.lineage()))
                .param("by", Actors.current().username())
                .param("at", Timestamp.from(clock.instant()))
                .update();
    }

    /** The derived tables of a grant with who created them and when, for the workspace page. */
    List<DerivedTableView> views(String grantId) {
        return jdbc.sql("select name, lineage_json, created_by, created_at from sandbox_derived_table "
                        + "where grant_id = :g order by created_at, name")
                .param("g", grantId)
                .query((rs, n) -> new DerivedTableView(rs.getString(1),
                        JdbcPrivacyLedger.JSON.readValue(rs.getString(2), GrantedTable.class),
                        rs.getString(3), rs.getTimestamp(4).toInstant()))
                .list();
    }
}
