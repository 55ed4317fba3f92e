package io.quanyun.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.Role;
import io.quanyun.shared.Zones;

/** Verification and search of the audit log, for auditors. */
@Service
public class AuditManagement {

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;
    private final AuditTrail trail;

    AuditManagement(javax.sql.DataSource dataSource, JdbcClient jdbc, AuditTrail trail) {
        this.jdbcTemplate = new JdbcTemplate(dataSource);
        this.jdbcTemplate.setFetchSize(1000);
        this.jdbc = jdbc;
        this.trail = trail;
    }

    /**
     * Recomputes every entry's hash in sequence order and checks each link and the head. Needs the auditor
     * role; the platform itself (command line) may verify too.
     */
    public AuditVerification verify() {
        Actor actor = Actors.current();
        if (!actor.isSystem()) {
            try {
                actor.require(Role.AUDITOR);
            } catch (RuntimeException refused) {
                trail.recordIndependently(AuditEvent.refused("audit.verify", "audit_log", "", "missing role AUDITOR"));
                throw refused;
            }
        }
        AuditVerification result = check();
        trail.recordIndependently(AuditEvent.success("audit.verify", "audit_log", "")
                .with("valid", result.valid()).with("entries", result.entries()));
        return result;
    }

    /** Checks the chain without recording the check: for the command line and tests. */
    @Transactional(readOnly = true)
    public AuditVerification check() {
        var state = new Object() {
            long expected = 1;
            String previous = ChainHash.GENESIS;
            long count;
            AuditVerification.@Nullable BrokenEntry broken;
        };
        jdbcTemplate.query("select * from audit_entry order by seq", (RowCallbackHandler) rs -> {
            state.count++;
            if (state.broken != null) {
                return;
            }
            long sequence = rs.getLong("seq");
            String action = rs.getString("action");
            String at = ChainHash.TIME.format(occurredAt(rs));
            if (sequence != state.expected) {
                state.broken = new AuditVerification.BrokenEntry(sequence, "sequence_gap", action, at);
                return;
            }
            String storedPrevious = rs.getString("prev_hash");
            if (!state.previous.equals(storedPrevious)) {
                state.broken = new AuditVerification.BrokenEntry(sequence, "link_mismatch", action, at);
                return;
            }
            String computed = hashOf(rs);
            if (!computed.equals(rs.getString("hash"))) {
                state.broken = new AuditVerification.BrokenEntry(sequence, "hash_mismatch", action, at);
                return;
            }
            state.previous = computed;
            state.expected++;
        });
        if (state.broken == null) {
            Map<String, Object> head = jdbc.sql("select last_seq, last_hash from audit_head where id = 1").query()
                    .singleRow();
            long lastSequence = ((Number) head.get("last_seq")).longValue();
            if (lastSequence != state.expected - 1 || !state.previous.equals(head.get("last_hash"))) {
                state.broken = new AuditVerification.BrokenEntry(lastSequence, "head_mismatch", "", "");
            }
        }
        return new AuditVerification(state.broken == null, state.count, state.broken);
    }

    /** Searches the log, newest first. Needs the auditor role. */
    @Transactional(readOnly = true)
    public List<AuditEntry> search(AuditQuery query) {
        Actors.current().require(Role.AUDITOR);
        StringBuilder sql = new StringBuilder("select * from audit_entry where 1 = 1");
        List<Object> params = new ArrayList<>();
        if (query.actor() != null && !query.actor().isBlank()) {
            sql.append(" and actor = ?");
            params.add(query.actor().trim());
        }
        if (query.action() != null && !query.action().isBlank()) {
            sql.append(" and action like ?");
            params.add(query.action().trim().replace("%", "") + "%");
        }
        if (query.objectType() != null && !query.objectType().isBlank()) {
            sql.append(" and object_type = ?");
            params.add(query.objectType().trim());
        }
        if (query.objectId() != null && !query.objectId().isBlank()) {
            sql.append(" and object_id = ?");
            params.add(query.objectId().trim());
        }
        if (query.outcome() != null) {
            sql.append(" and outcome = ?");
            params.add(query.outcome().name());
        }
        if (query.from() != null) {
            sql.append(" and occurred_at >= ?");
            params.add(query.from().atStartOfDay(Zones.SHANGHAI).toOffsetDateTime());
        }
        if (query.to() != null) {
            sql.append(" and occurred_at < ?");
            params.add(query.to().plusDays(1).atStartOfDay(Zones.SHANGHAI).toOffsetDateTime());
        }
        sql.append(" order by seq desc limit ").append(query.size()).append(" offset ")
                .append((long) query.page() * query.size());
        return jdbcTemplate.query(sql.toString(), (rs, n) -> entryOf(rs), params.toArray());
    }

    private static AuditEntry entryOf(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("seq"), OffsetDateTime.ofInstant(occurredAt(rs), Zones.SHANGHAI),
                rs.getString("actor"), JdbcAuditTrail.uuidText(rs.getObject("organization_id")),
                rs.getString("organization_name"), rs.getString("roles"), rs.getString("client_address"),
                rs.getString("action"), rs.getString("object_type"), rs.getString("object_id"),
                Outcome.valueOf(rs.getString("outcome")), rs.getString("reason"), rs.getString("details"),
                rs.getString("prev_hash"), rs.getString("hash"));
    }

    private static Instant occurredAt(ResultSet rs) throws SQLException {
        return rs.getObject("occurred_at", OffsetDateTime.class).toInstant();
    }

    private static String hashOf(ResultSet rs) throws SQLException {
        return ChainHash.of(rs.getLong("seq"), occurredAt(rs), rs.getString("actor"),
                JdbcAuditTrail.uuidText(rs.getObject("organization_id")), rs.getString("organization_name"),
                rs.getString("roles"), rs.getString("client_address"), rs.getString("action"),
                rs.getString("object_type"), rs.getString("object_id"), rs.getString("outcome"),
                rs.getString("reason"), rs.getString("details"), rs.getString("prev_hash"));
    }
}
