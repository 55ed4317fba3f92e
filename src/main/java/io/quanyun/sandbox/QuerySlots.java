package io.quanyun.sandbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The per-workspace limit of concurrent queries, in the database so that it holds across nodes: a running query
 * holds one of the workspace's {@code quanyun.sandbox.max-concurrent-queries} numbered slots
 * ({@code sandbox_query_slot}). Taking a slot is one INSERT (autocommit) that the primary key lets only one query
 * win; releasing it is one DELETE. A slot held longer than its lease (twice the query timeout plus a minute: the
 * node that held it died) is taken over.
 */
@Component
class QuerySlots {

    private final JdbcClient jdbc;
    private final SandboxSettings settings;
    private final Clock clock;

    QuerySlots(JdbcClient jdbc, SandboxSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    /** Takes a free slot of the workspace for the query; empty when all are taken. */
    OptionalInt take(UUID workspaceId, UUID queryId) {
        Instant now = clock.instant();
        Duration lease = settings.queryTimeout().multipliedBy(2).plusMinutes(1);
        jdbc.sql("delete from sandbox_query_slot where workspace_id = :w and taken_at < :stale")
                .param("w", workspaceId).param("stale", Timestamp.from(now.minus(lease))).update();
        for (int slot = 0; slot < settings.maxConcurrentQueries(); slot++) {
            try {
                jdbc.sql("insert into sandbox_query_slot (workspace_id, slot, query_id, taken_at) "
                                + "values (:w, :slot, :q, :at)")
                        .param("w", workspaceId).param("slot", slot).param("q", queryId)
                        .param("at", Timestamp.from(now)).update();
                return OptionalInt.of(slot);
            } catch (DuplicateKeyException taken) {
                // another query holds this slot; try the next
            }
        }
        return OptionalInt.empty();
    }

    /** Releases the query's slot. */
    void release(UUID workspaceId, UUID queryId) {
        jdbc.sql("delete from sandbox_query_slot where workspace_id = :w and query_id = :q")
                .param("w", workspaceId).param("q", queryId).update();
    }
}
