package io.quanyun.audit;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.quanyun.shared.Actor;
import io.quanyun.shared.Role;
import io.quanyun.shared.Zones;

/**
 * Appends entries to {@code audit_entry}. The single row of {@code audit_head} is locked for the rest of the
 * appending transaction, so entries are chained in commit order on every database.
 */
@Component
class JdbcAuditTrail implements AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(JdbcAuditTrail.class);
    private static final String HOLDS_HEAD = JdbcAuditTrail.class.getName() + ".holdsHead";

    private static final String INSERT = """
            insert into audit_entry (seq, occurred_at, actor_user_id, actor, organization_id, organization_name,
                roles, client_address, action, object_type, object_id, outcome, reason, details, prev_hash, hash)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Clock clock;
    private final TransactionTemplate independent;

    JdbcAuditTrail(JdbcClient jdbc, JdbcTemplate template, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.template = template;
        this.clock = clock;
        this.independent = new TransactionTemplate(transactions);
        this.independent.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    @Transactional(propagation = Propagation.REQUIRED)
    public void record(AuditEvent event) {
        append(event);
    }

    @Override
    public void recordIndependently(AuditEvent event) {
        if (TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.hasResource(HOLDS_HEAD)) {
            // this transaction holds the head row: write once it has ended, or we would wait on ourselves
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    writeIndependently(event);
                }
            });
            return;
        }
        writeIndependently(event);
    }

    @Override
    @Transactional(propagation = Propagation.REQUIRED)
    public void recordAll(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        Map<String, Object> head = lockHead();
        long first = ((Number) head.get("last_seq")).longValue() + 1;
        String start = (String) head.get("last_hash");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        OffsetDateTime at = OffsetDateTime.ofInstant(now, Zones.SHANGHAI);
        // one canonical time text, one hasher and one prepared statement for the whole batch
        String time = ChainHash.TIME.format(now);
        ChainHash.Hasher hasher = new ChainHash.Hasher();
        Map<Set<Role>, String> rolesTexts = new HashMap<>();
        String last = template.execute(INSERT, (PreparedStatementCallback<String>) ps -> {
            long sequence = first;
            String previous = start;
            for (AuditEvent event : events) {
                Actor actor = event.actor();
                String organizationId = actor.organizationId() == null ? null : actor.organizationId().toString();
                String roles = rolesTexts.computeIfAbsent(actor.roles(), r -> actor.rolesText());
                String details = ChainHash.json(event.details());
                String reason = truncate(event.reason(), 1000);
                String outcome = event.outcome().name();
                String hash = hasher.hash(sequence, time, actor.username(), organizationId, actor.organizationName(),
                        roles, actor.clientAddress(), event.action(), event.objectType(), event.objectId(), outcome,
                        reason, details, previous);
                ps.setLong(1, sequence);
                ps.setObject(2, at);
                setUuid(ps, 3, actor.userId());
                ps.setString(4, actor.username());
                setUuid(ps, 5, actor.organizationId());
                ps.setString(6, actor.organizationName());
                ps.setString(7, roles);
                setText(ps, 8, actor.clientAddress());
                ps.setString(9, event.action());
                ps.setString(10, event.objectType());
                ps.setString(11, event.objectId());
                ps.setString(12, outcome);
                setText(ps, 13, reason);
                ps.setString(14, details);
                ps.setString(15, previous);
                ps.setString(16, hash);
                ps.addBatch();
                previous = hash;
                sequence++;
            }
            ps.executeBatch();
            return previous;
        });
        jdbc.sql("update audit_head set last_seq = :seq, last_hash = :hash where id = 1")
                .param("seq", first + events.size() - 1).param("hash", last).update();
    }

    private static void setUuid(PreparedStatement ps, int index, @Nullable UUID value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.OTHER);
        } else {
            ps.setObject(index, value);
        }
    }

    private static void setText(PreparedStatement ps, int index, @Nullable String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    private void writeIndependently(AuditEvent event) {
        try {
            independent.executeWithoutResult(status -> append(event));
        } catch (RuntimeException e) {
            log.error("Could not append audit entry for action {}", event.action(), e);
            throw e;
        }
    }

    private Map<String, Object> lockHead() {
        Map<String, Object> head = jdbc.sql("select last_seq, last_hash from audit_head where id = 1 for update")
                .query().singleRow();
        if (TransactionSynchronizationManager.isSynchronizationActive()
                && !TransactionSynchronizationManager.hasResource(HOLDS_HEAD)) {
            TransactionSynchronizationManager.bindResource(HOLDS_HEAD, Boolean.TRUE);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(HOLDS_HEAD);
                }
            });
        }
        return head;
    }

    private void append(AuditEvent event) {
        Map<String, Object> head = lockHead();
        long sequence = ((Number) head.get("last_seq")).longValue() + 1;
        String previous = (String) head.get("last_hash");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Actor actor = event.actor();
        String organizationId = actor.organizationId() == null ? null : actor.organizationId().toString();
        String details = ChainHash.json(event.details());
        String reason = truncate(event.reason(), 1000);
        String hash = ChainHash.of(sequence, now, actor.username(), organizationId, actor.organizationName(),
                actor.rolesText(), actor.clientAddress(), event.action(), event.objectType(), event.objectId(),
                event.outcome().name(), reason, details, previous);
        jdbc.sql("""
                insert into audit_entry (seq, occurred_at, actor_user_id, actor, organization_id, organization_name,
                    roles, client_address, action, object_type, object_id, outcome, reason, details, prev_hash, hash)
                values (:seq, :at, :userId, :actor, :orgId, :orgName, :roles, :client, :action, :objectType,
                    :objectId, :outcome, :reason, :details, :prev, :hash)
                """)
                .param("seq", sequence)
                .param("at", OffsetDateTime.ofInstant(now, Zones.SHANGHAI))
                .param("userId", actor.userId())
                .param("actor", actor.username())
                .param("orgId", actor.organizationId())
                .param("orgName", actor.organizationName())
                .param("roles", actor.rolesText())
                .param("client", actor.clientAddress())
                .param("action", event.action())
                .param("objectType", event.objectType())
                .param("objectId", event.objectId())
                .param("outcome", event.outcome().name())
                .param("reason", reason)
                .param("details", details)
                .param("prev", previous)
                .param("hash", hash)
                .update();
        jdbc.sql("update audit_head set last_seq = :seq, last_hash = :hash where id = 1")
                .param("seq", sequence).param("hash", hash).update();
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    static Instant instantOf(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof java.time.ZonedDateTime zdt) {
            return zdt.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        throw new IllegalStateException("Unexpected time type " + value.getClass());
    }

    static String uuidText(Object value) {
        return value == null ? null : value instanceof UUID uuid ? uuid.toString() : value.toString();
    }
}
