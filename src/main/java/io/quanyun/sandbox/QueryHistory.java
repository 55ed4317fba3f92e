package io.quanyun.sandbox;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The query history, written statement by statement (each commits on its own, the engine runs outside
 * any transaction). Released results are kept for the page and for exports: they are protected
 * aggregates, never raw rows.
 */
@Component
class QueryHistory {

    private static final String COLUMNS = "id, workspace_id, username, started_at, finished_at, sql_text, sql_sm3, "
            + "kind, verdict, rule, plan_hash, epsilon_spent, output_sm3";

    private final JdbcClient jdbc;

    QueryHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void started(UUID id, UUID workspaceId, UUID grantId, UUID userId, String username, Instant at, String sql,
            String sqlSm3, String kind) {
        jdbc.sql("insert into sandbox_query (id, workspace_id, grant_id, user_id, username, started_at, sql_text, "
                        + "sql_sm3, kind, verdict) values (:id, :w, :g, :u, :name, :at, :sql, :sm3, :kind, 'RUNNING')")
                .param("id", id).param("w", workspaceId).param("g", grantId).param("u", userId)
                .param("name", username).param("at", Timestamp.from(at)).param("sql", sql).param("sm3", sqlSm3)
                .param("kind", kind).update();
    }

    void finished(UUID id, Instant at, String verdict, @Nullable String rule, @Nullable String planHash,
            @Nullable BigDecimal epsilon, @Nullable String outputSm3, @Nullable String resultJson) {
        jdbc.sql("update sandbox_query set finished_at = :at, verdict = :verdict, rule = :rule, plan_hash = :plan, "
                        + "epsilon_spent = :eps, output_sm3 = :out, result_json = :json where id = :id")
                .param("at", Timestamp.from(at)).param("verdict", verdict).param("rule", rule)
                .param("plan", planHash).param("eps", epsilon).param("out", outputSm3).param("json", resultJson)
                .param("id", id).update();
    }

    List<QueryRecord> of(UUID workspaceId, int limit) {
        return jdbc.sql("select " + COLUMNS + " from sandbox_query where workspace_id = :w "
                        + "order by started_at desc, id limit :limit")
                .param("w", workspaceId).param("limit", limit).query(QueryHistory::record).list();
    }

    Optional<QueryRecord> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from sandbox_query where id = :id").param("id", id)
                .query(QueryHistory::record).optional();
    }

    Optional<String> resultJson(UUID id) {
        return jdbc.sql("select result_json from sandbox_query where id = :id and verdict = 'ACCEPTED'")
                .param("id", id).query(String.class).optional();
    }

    private static QueryRecord record(ResultSet rs, int row) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        BigDecimal epsilon = rs.getBigDecimal("epsilon_spent");
        return new QueryRecord(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
                rs.getString("username"), rs.getTimestamp("started_at").toInstant(),
                finished == null ? null : finished.toInstant(), rs.getString("sql_text"), rs.getString("sql_sm3"),
                rs.getString("kind"), rs.getString("verdict"), rs.getString("rule"), rs.getString("plan_hash"),
                epsilon == null ? null : epsilon.stripTrailingZeros(), rs.getString("output_sm3"));
    }
}
