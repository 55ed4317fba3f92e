package io.quanyun.product;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import io.quanyun.audit.Outcome;
import io.quanyun.shared.Actor;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Zones;

/**
 * Group commit of product calls: each call's meter row is queued, one writer thread takes all that are waiting
 * (up to {@value #MAX_BATCH}), writes the meter rows and appends their audit entries under one lock of the audit
 * head in one transaction, and only then releases the callers. A call's answer therefore never leaves before its
 * meter row and its place in the audit log are committed; when the commit fails the caller gets an internal error
 * instead of the answer.
 *
 * <p>The calls of a batch that share everything but their id, time and subject (the same caller, organization,
 * client address, product, outcome, answer and reason) are audited in one entry {@value #ACTION}: its columns
 * are theirs, its details give their number and, per call, id, time and subject hash. Every call is in the hash
 * chain with actor, organization, time, object and outcome; the log grows by one entry per batch and kind of
 * call rather than one per call. See the ADRs "Group commit of product calls" and "Product calls audited per
 * group".
 */
@Component
class CallLedger implements DisposableBean {

    static final int MAX_BATCH = 512;
    /** The audit action of a group of calls. */
    static final String ACTION = "product.calls";
    /** What each call's part of the {@code calls} detail holds, in order. */
    static final String CALL_FIELDS = "id time subjectHash";
    private static final Logger log = LoggerFactory.getLogger(CallLedger.class);

    /**
     * One metered call.
     *
     * @param caller who called (the key's consumer, or anonymous), with the client address
     * @param reason why the call was refused ({@code code: detail}), null when answered
     * @param modelRevision the model revision that scored the subject, null for other products
     */
    record CallRecord(UUID id, UUID productId, @Nullable UUID subscriptionId, @Nullable UUID keyId,
            @Nullable UUID consumerId, Instant at, CallOutcome outcome, @Nullable String answer,
            @Nullable String subjectHash, Actor caller, @Nullable String reason, @Nullable Integer modelRevision) {

        /** What the calls audited in one entry share. */
        GroupKey group() {
            return new GroupKey(caller, productId, subscriptionId, keyId, outcome, answer, reason, modelRevision);
        }
    }

    record GroupKey(Actor caller, UUID productId, @Nullable UUID subscriptionId, @Nullable UUID keyId,
            CallOutcome outcome, @Nullable String answer, @Nullable String reason, @Nullable Integer modelRevision) {
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
        await(submit(record));
    }

    /**
     * Queues the call; the future completes (on the ledger's thread) once its meter row and audit entry are
     * committed, or exceptionally when they could not be. The call's answer may leave only after it completed
     * normally.
     */
    CompletableFuture<Void> submit(CallRecord record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            if (!queue.offer(new Pending(record, done), 5, TimeUnit.SECONDS)) {
                throw new QuanyunException(ErrorCode.INTERNAL_ERROR, "The call ledger is overloaded");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuanyunException(ErrorCode.INTERNAL_ERROR, "Interrupted while metering the call");
        }
        return done;
    }

    /** Waits until a submitted call is committed: an internal error when it could not be, or not in 30 s. */
    static void await(CompletableFuture<Void> committed) {
        try {
            committed.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuanyunException(ErrorCode.INTERNAL_ERROR, "Interrupted while metering the call");
        } catch (ExecutionException | TimeoutException e) {
            throw meteringFailed();
        }
    }

    /** The error a caller gets instead of the answer when its call could not be metered and audited. */
    static QuanyunException meteringFailed() {
        return new QuanyunException(ErrorCode.INTERNAL_ERROR, "The call could not be metered and audited");
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
            List<CallRecord> records = new ArrayList<>(batch.size());
            for (Pending pending : batch) {
                records.add(pending.record());
            }
            List<AuditEvent> events = auditEvents(records);
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

    /** One audit event per group of calls that share their key, in the order of each group's first call. */
    static List<AuditEvent> auditEvents(List<CallRecord> batch) {
        Map<GroupKey, List<CallRecord>> groups = new LinkedHashMap<>();
        GroupKey lastKey = null;
        List<CallRecord> last = null;
        for (CallRecord call : batch) {
            GroupKey key = call.group();
            if (last == null || !key.equals(lastKey)) { // most calls continue the group of the call before them
                lastKey = key;
                last = groups.computeIfAbsent(key, k -> new ArrayList<>());
            }
            last.add(call);
        }
        List<AuditEvent> events = new ArrayList<>(groups.size());
        CallTimes times = new CallTimes();
        groups.forEach((key, calls) -> events.add(auditEvent(key, calls, times)));
        return events;
    }

    static AuditEvent auditEvent(GroupKey key, List<CallRecord> calls) {
        return auditEvent(key, calls, new CallTimes());
    }

    private static AuditEvent auditEvent(GroupKey key, List<CallRecord> calls, CallTimes times) {
        Map<String, String> details = new TreeMap<>();
        details.put("count", Integer.toString(calls.size()));
        details.put("outcome", key.outcome().name());
        details.put("callFields", CALL_FIELDS);
        StringBuilder each = new StringBuilder(calls.size() * 120);
        for (CallRecord call : calls) {
            if (!each.isEmpty()) {
                each.append(';');
            }
            each.append(call.id()).append(' ');
            times.append(each, call.at());
            each.append(' ').append(call.subjectHash() == null ? "-" : call.subjectHash());
        }
        details.put("calls", each.toString());
        if (key.subscriptionId() != null) {
            details.put("subscription", key.subscriptionId().toString());
        }
        if (key.keyId() != null) {
            details.put("key", key.keyId().toString());
        }
        if (key.answer() != null) {
            details.put("answer", key.answer());
        }
        if (key.modelRevision() != null) {
            details.put("modelRevision", key.modelRevision().toString());
        }
        return new AuditEvent(key.caller(), ACTION, "product", key.productId().toString(),
                key.outcome().refused() ? Outcome.REFUSED : Outcome.SUCCESS, key.reason(), details);
    }

    /** A call's time in the {@code calls} detail: UTC, to the millisecond, as the meter row has it. */
    static final DateTimeFormatter TIME = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();

    /**
     * Writes call times as {@link #TIME} does, from the text of the second they fall in, formatted once per second
     * (a batch's calls share a few seconds at most). Not thread-safe; one per batch.
     */
    static final class CallTimes {

        private long second = Long.MIN_VALUE;
        private String secondText = "";

        void append(StringBuilder out, Instant at) {
            long epochSecond = at.getEpochSecond();
            if (epochSecond != second) {
                String whole = TIME.format(Instant.ofEpochSecond(epochSecond)); // ...:ss.000Z
                secondText = whole.substring(0, whole.length() - 4);
                second = epochSecond;
            }
            int millis = at.getNano() / 1_000_000;
            out.append(secondText).append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                    .append((char) ('0' + millis % 10)).append('Z');
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
