package io.quanyun.product;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Zones;

/**
 * Group commit of product calls: each call's meter row and audit entry are queued, one writer thread takes all
 * that are waiting (up to {@value #MAX_BATCH}), writes the meter rows and appends the audit entries under one
 * lock of the audit head in one transaction, and only then releases the callers. A call's answer therefore
 * never leaves before its meter row and audit entry are committed; when the commit fails the caller gets an
 * internal error instead of the answer. See the ADR "Group commit of product calls".
 */
@Component
class CallLedger implements DisposableBean {

    static final int MAX_BATCH = 512;
    private static final Logger log = LoggerFactory.getLogger(CallLedger.class);

    /** One metered call. */
    record CallRecord(UUID id, UUID productId, @Nullable UUID subscriptionId, @Nullable UUID keyId,
            @Nullable UUID consumerId, Instant at, CallOutcome outcome, @Nullable String answer,
            @Nullable String subjectHash, AuditEvent audit) {
    }

    private record Pending(CallRecord record, CompletableFuture<Void> done) {
    }

    private static final String INSERT = """
            insert into product_call (id, product_id, subscription_id, key_id, consumer_id, called_at, call_day,
                call_month, outcome, answer, subject_hash)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(50_000);
    private final JdbcTemplate jdbc;
    private final AuditTrail audit;
    private final TransactionTemplate transactions;
    private final Thread writer;
    private volatile boolean running = true;

    CallLedger(JdbcTemplate jdbc, AuditTrail audit, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.transactions = new TransactionTemplate(transactionManager);
        this.writer = new Thread(this::run, "product-call-ledger");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Queues the call and waits until its meter row and audit entry are committed. */
    void record(CallRecord record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            if (!queue.offer(new Pending(record, done), 5, TimeUnit.SECONDS)) {
                throw new QuanyunException(ErrorCode.INTERNAL_ERROR, "The call ledger is overloaded");
            }
            done.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuanyunException(ErrorCode.INTERNAL_ERROR, "Interrupted while metering the call");
        } catch (ExecutionException | TimeoutException e) {
            throw new QuanyunException(ErrorCode.INTERNAL_ERROR, "The call could not be metered and audited");
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            List<AuditEvent> events = new ArrayList<>(batch.size());
            for (Pending pending : batch) {
                events.add(pending.record().audit());
            }
            transactions.executeWithoutResult(status -> {
                jdbc.execute(INSERT, (PreparedStatementCallback<int[]>) ps -> {
                    // one prepared statement, typed parameters, one JDBC batch for the whole group
                    for (Pending pending : batch) {
                        CallRecord r = pending.record();
                        ZonedDateTime local = r.at().atZone(Zones.SHANGHAI);
                        ps.setObject(1, r.id());
                        ps.setObject(2, r.productId());
                        setUuid(ps, 3, r.subscriptionId());
                        setUuid(ps, 4, r.keyId());
                        setUuid(ps, 5, r.consumerId());
                        ps.setObject(6, local.toOffsetDateTime());
                        ps.setObject(7, local.toLocalDate());
                        ps.setString(8, monthText(local));
                        ps.setString(9, r.outcome().name());
                        setText(ps, 10, r.answer());
                        setText(ps, 11, r.subjectHash());
                        ps.addBatch();
                    }
                    return ps.executeBatch();
                });
                audit.recordAll(events);
            });
            for (Pending pending : batch) {
                pending.done().complete(null);
            }
        } catch (RuntimeException e) {
            log.error("Could not meter and audit {} product call(s)", batch.size(), e);
            for (Pending pending : batch) {
                pending.done().completeExceptionally(e);
            }
        }
    }

    private static String monthText(ZonedDateTime local) {
        int month = local.getMonthValue();
        return local.getYear() + (month < 10 ? "-0" : "-") + month;
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

    @Override
    public void destroy() throws InterruptedException {
        running = false;
        writer.join(10_000);
    }
}
