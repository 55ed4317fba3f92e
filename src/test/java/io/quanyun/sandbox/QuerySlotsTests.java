package io.quanyun.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanyun.support.PlatformTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The per-workspace limit of concurrent queries lives in the database, so every node sees the same slots: a
 * workspace has {@code max-concurrent-queries} (2) of them, a released slot is free again, and a slot whose
 * holder died (older than its lease) is taken over.
 */
@PlatformTest
@Import(SandboxTestGrants.class)
class QuerySlotsTests {

    @Autowired QuerySlots slots;
    @Autowired JdbcClient jdbc;

    @Test
    void aWorkspaceHasTwoSlots_sharedThroughTheDatabase() {
        UUID workspace = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        assertThat(slots.take(workspace, first)).hasValue(0);
        assertThat(slots.take(workspace, second)).hasValue(1);
        assertThat(slots.take(workspace, UUID.randomUUID())).isEmpty();
        // another workspace is not affected
        assertThat(slots.take(UUID.randomUUID(), UUID.randomUUID())).isPresent();
        slots.release(workspace, first);
        UUID third = UUID.randomUUID();
        assertThat(slots.take(workspace, third)).hasValue(0);
        assertThat(jdbc.sql("select count(*) from sandbox_query_slot where workspace_id = ?").param(workspace)
                .query(Long.class).single()).isEqualTo(2);
        slots.release(workspace, second);
        slots.release(workspace, third);
    }

    @Test
    void aSlotOlderThanItsLease_isTakenOver() {
        UUID workspace = UUID.randomUUID();
        // a node that died an hour ago left both slots taken (the lease is twice the 30 s timeout plus a minute)
        for (int slot = 0; slot < 2; slot++) {
            jdbc.sql("insert into sandbox_query_slot (workspace_id, slot, query_id, taken_at) values (?, ?, ?, ?)")
                    .params(workspace, slot, UUID.randomUUID(), Timestamp.from(Instant.now().minus(1, ChronoUnit.HOURS)))
                    .update();
        }
        UUID query = UUID.randomUUID();
        assertThat(slots.take(workspace, query)).isPresent();
        slots.release(workspace, query);
    }
}
