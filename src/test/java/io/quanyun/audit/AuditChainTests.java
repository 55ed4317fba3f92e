package io.quanyun.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.support.PlatformTest;

/** The chain detects a changed or removed entry, names it, and the table refuses UPDATE and DELETE. */
@PlatformTest
class AuditChainTests {

    @Autowired AuditTrail trail;
    @Autowired AuditManagement audit;
    @Autowired JdbcClient jdbc;
    @Autowired DataSource dataSource;
    @Autowired TransactionTemplate transactions;

    @Test
    void chain_isValid_afterActivity() {
        trail.recordIndependently(AuditEvent.success("test.chain.valid", "test", "1").by(Actor.system()));
        AuditVerification result = audit.check();
        assertThat(result.valid()).isTrue();
        assertThat(result.firstBroken()).isNull();
        assertThat(result.entries()).isPositive();
    }

    @Test
    void tamperedRow_isNamedByVerification() throws Exception {
        trail.recordIndependently(AuditEvent.success("test.chain.tamper", "test", "victim").by(Actor.system()));
        long victim = jdbc.sql("select max(seq) from audit_entry where action = 'test.chain.tamper'")
                .query(Long.class).single();
        String original = jdbc.sql("select actor from audit_entry where seq = ?").param(victim).query(String.class)
                .single();
        withoutGuard(() -> jdbc.sql("update audit_entry set actor = 'mallory' where seq = ?").param(victim).update());
        try {
            AuditVerification result = audit.check();
            assertThat(result.valid()).isFalse();
            assertThat(result.firstBroken()).isNotNull();
            assertThat(result.firstBroken().sequence()).isEqualTo(victim);
            assertThat(result.firstBroken().problem()).isEqualTo("hash_mismatch");
            assertThat(result.firstBroken().action()).isEqualTo("test.chain.tamper");
        } finally {
            withoutGuard(() -> jdbc.sql("update audit_entry set actor = ? where seq = ?").param(original).param(victim)
                    .update());
        }
        assertThat(audit.check().valid()).isTrue();
    }

    @Test
    void rewrittenHash_breaksTheNextLink() throws Exception {
        trail.recordIndependently(AuditEvent.success("test.chain.rehash", "test", "a").by(Actor.system()));
        trail.recordIndependently(AuditEvent.success("test.chain.rehash", "test", "b").by(Actor.system()));
        long first = jdbc.sql("select max(seq) - 1 from audit_entry").query(Long.class).single();
        Map<String, Object> row = jdbc.sql("select reason, hash from audit_entry where seq = ?").param(first).query()
                .singleRow();
        // a forger changes an entry and recomputes its own hash; the successor's link gives it away
        withoutGuard(() -> jdbc.sql("update audit_entry set reason = 'forged', hash = ? where seq = ?")
                .param("f".repeat(64)).param(first).update());
        try {
            AuditVerification result = audit.check();
            assertThat(result.valid()).isFalse();
            assertThat(result.firstBroken().sequence()).isEqualTo(first);
        } finally {
            withoutGuard(() -> jdbc.sql("update audit_entry set reason = ?, hash = ? where seq = ?")
                    .param(row.get("reason")).param(row.get("hash")).param(first).update());
        }
        assertThat(audit.check().valid()).isTrue();
    }

    @Test
    void removedLastEntry_isDetectedByTheHead() throws Exception {
        trail.recordIndependently(AuditEvent.success("test.chain.remove", "test", "last").by(Actor.system()));
        long last = jdbc.sql("select max(seq) from audit_entry").query(Long.class).single();
        Map<String, Object> row = jdbc.sql("select * from audit_entry where seq = ?").param(last).query().singleRow();
        withoutGuard(() -> jdbc.sql("delete from audit_entry where seq = ?").param(last).update());
        try {
            AuditVerification result = audit.check();
            assertThat(result.valid()).isFalse();
            assertThat(result.firstBroken().problem()).isEqualTo("head_mismatch");
            assertThat(result.firstBroken().sequence()).isEqualTo(last);
        } finally {
            jdbc.sql("""
                    insert into audit_entry (seq, occurred_at, actor_user_id, actor, organization_id, organization_name,
                        roles, client_address, action, object_type, object_id, outcome, reason, details, prev_hash, hash)
                    values (:seq, :occurred_at, :actor_user_id, :actor, :organization_id, :organization_name, :roles,
                        :client_address, :action, :object_type, :object_id, :outcome, :reason, :details, :prev_hash, :hash)
                    """).params(row).update();
        }
        assertThat(audit.check().valid()).isTrue();
    }

    @Test
    void updateAndDelete_areRefusedByTheDatabase() {
        trail.recordIndependently(AuditEvent.success("test.chain.guard", "test", "x").by(Actor.system()));
        assertThatThrownBy(() -> jdbc.sql("update audit_entry set actor = 'mallory' where action = 'test.chain.guard'")
                .update()).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_entry where action = 'test.chain.guard'").update())
                .hasMessageContaining("append-only");
        assertThat(audit.check().valid()).isTrue();
    }

    @Test
    void concurrentAppends_stayOneUnbrokenChain() throws Exception {
        long before = audit.check().entries();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    int n = i;
                    Actors.runAs(Actor.system(), () -> {
                        transactions.executeWithoutResult(status -> trail
                                .record(AuditEvent.success("test.chain.concurrent", "test", thread + "-" + n)));
                        return null;
                    });
                }
            }));
        }
        for (Future<?> future : futures) {
            future.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        AuditVerification result = audit.check();
        assertThat(result.valid()).isTrue();
        assertThat(result.entries()).isGreaterThanOrEqualTo(before + 160);
    }

    @Test
    void rolledBackChange_leavesNoEntry() {
        long before = jdbc.sql("select count(*) from audit_entry where action = 'test.chain.rollback'")
                .query(Long.class).single();
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            trail.record(AuditEvent.success("test.chain.rollback", "test", "x").by(Actor.system()));
            throw new IllegalStateException("the change fails after its entry");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'test.chain.rollback'").query(Long.class)
                .single()).isEqualTo(before);
        assertThat(audit.check().valid()).isTrue();
    }

    @Test
    void groupCommit_chainsEveryEntry_andInterleavesWithSingleAppends() throws Exception {
        long before = audit.check().entries();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 10; i++) {
                    int n = i;
                    Actors.runAs(Actor.system(), () -> {
                        transactions.executeWithoutResult(status -> {
                            if (thread % 2 == 0) {
                                trail.recordAll(List.of(
                                        AuditEvent.success("test.chain.group", "test", thread + "-" + n + "-a"),
                                        AuditEvent.success("test.chain.group", "test", thread + "-" + n + "-b"),
                                        AuditEvent.refused("test.chain.group", "test", thread + "-" + n + "-c", "r")));
                            } else {
                                trail.record(AuditEvent.success("test.chain.group", "test", thread + "-" + n));
                            }
                        });
                        return null;
                    });
                }
            }));
        }
        for (Future<?> future : futures) {
            future.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        AuditVerification result = audit.check();
        assertThat(result.valid()).isTrue();
        assertThat(result.entries()).isGreaterThanOrEqualTo(before + 2 * 10 * 3 + 2 * 10);
    }

    @Test
    void groupCommit_rolledBack_leavesNoEntry() {
        long before = jdbc.sql("select count(*) from audit_entry where action = 'test.chain.group-rollback'")
                .query(Long.class).single();
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            trail.recordAll(List.of(AuditEvent.success("test.chain.group-rollback", "test", "1").by(Actor.system()),
                    AuditEvent.success("test.chain.group-rollback", "test", "2").by(Actor.system())));
            throw new IllegalStateException("the batch fails after its entries");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'test.chain.group-rollback'")
                .query(Long.class).single()).isEqualTo(before);
        assertThat(audit.check().valid()).isTrue();
    }

    @Test
    void groupCommit_tamperedEntryInABatch_isNamed() throws Exception {
        transactions.executeWithoutResult(status -> trail.recordAll(List.of(
                AuditEvent.success("test.chain.group-tamper", "test", "1").by(Actor.system()),
                AuditEvent.success("test.chain.group-tamper", "test", "2").by(Actor.system()),
                AuditEvent.success("test.chain.group-tamper", "test", "3").by(Actor.system()))));
        long seq = jdbc.sql("select seq from audit_entry where action = 'test.chain.group-tamper' and object_id = '2'")
                .query(Long.class).single();
        withoutGuard(() -> jdbc.sql("update audit_entry set object_id = 'X' where seq = :s").param("s", seq).update());
        try {
            AuditVerification result = audit.check();
            assertThat(result.valid()).isFalse();
            assertThat(result.firstBroken()).isNotNull();
            assertThat(result.firstBroken().sequence()).isEqualTo(seq);
            assertThat(result.firstBroken().problem()).isEqualTo("hash_mismatch");
        } finally {
            withoutGuard(() -> jdbc.sql("update audit_entry set object_id = '2' where seq = :s").param("s", seq)
                    .update());
        }
        assertThat(audit.check().valid()).isTrue();
    }

    /** Runs a statement with the append-only guard lifted, as an attacker with database rights would. */
    private void withoutGuard(Runnable statement) throws Exception {
        boolean postgres;
        try (Connection connection = dataSource.getConnection()) {
            postgres = connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        }
        if (postgres) {
            jdbc.sql("alter table audit_entry disable trigger audit_entry_append_only").update();
            try {
                statement.run();
            } finally {
                jdbc.sql("alter table audit_entry enable trigger audit_entry_append_only").update();
            }
        } else {
            jdbc.sql("drop trigger audit_entry_append_only").update();
            try {
                statement.run();
            } finally {
                jdbc.sql("create trigger audit_entry_append_only before update, delete on audit_entry "
                        + "for each row call 'io.quanyun.audit.AppendOnlyTrigger'").update();
            }
        }
    }
}
