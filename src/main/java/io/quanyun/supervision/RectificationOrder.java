package io.quanyun.supervision;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Transient;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;

/**
 * A rectification order (Art. 18): an authorizer orders an operator to put something right by a deadline.
 * Every move goes through {@link #transitionTo}, which records a step (the history, also the report to the
 * authority) and registers the event that tells access what to do.
 */
@Table("rectification_order")
final class RectificationOrder {

    private final @Id UUID id;
    private final UUID authorizerId;
    private final UUID operatorId;
    private final @Nullable UUID campaignId;
    private final String reason;
    private @Nullable String content;
    private @Nullable Instant deadline;
    private RectificationState state;
    private @Nullable String evidence;
    private final Instant createdAt;
    private Instant updatedAt;
    @MappedCollection(idColumn = "rectification_order", keyColumn = "position")
    private List<RectificationStep> steps;
    private @Version @Nullable Long version;
    @Transient
    private final List<Object> events = new ArrayList<>();

    @PersistenceCreator
    RectificationOrder(UUID id, UUID authorizerId, UUID operatorId, @Nullable UUID campaignId, String reason,
            @Nullable String content, @Nullable Instant deadline, RectificationState state, @Nullable String evidence,
            Instant createdAt, Instant updatedAt, List<RectificationStep> steps, @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.authorizerId = requireNonNull(authorizerId, "authorizerId is null");
        this.operatorId = requireNonNull(operatorId, "operatorId is null");
        this.campaignId = campaignId;
        this.reason = requireNonNull(reason, "reason is null");
        this.content = content;
        this.deadline = deadline;
        this.state = requireNonNull(state, "state is null");
        this.evidence = evidence;
        this.createdAt = requireNonNull(createdAt, "createdAt is null");
        this.updatedAt = requireNonNull(updatedAt, "updatedAt is null");
        this.steps = new ArrayList<>(steps);
        this.version = version;
    }

    /** A proposal drafted from a failed evaluation; the authorizer completes and issues it. */
    static RectificationOrder propose(UUID authorizerId, UUID operatorId, @Nullable UUID campaignId, String reason,
            String actor, Instant now) {
        RectificationOrder order = new RectificationOrder(UUID.randomUUID(), authorizerId, operatorId, campaignId,
                reason, null, null, RectificationState.PROPOSED, null, now, now, List.of(), null);
        order.steps.add(new RectificationStep(RectificationState.PROPOSED, actor, reason, now));
        return order;
    }

    /** An order issued directly by the authorizer (with a reason, without an evaluation). */
    static RectificationOrder issueDirectly(UUID authorizerId, UUID operatorId, String reason, String content,
            Instant deadline, String actor, Instant now) {
        RectificationOrder order = propose(authorizerId, operatorId, null, reason, actor, now);
        order.issue(content, deadline, actor, now);
        return order;
    }

    /** Issues the order with its content and deadline: access is suspended at once by the event. */
    void issue(String newContent, Instant newDeadline, String actor, Instant now) {
        requireNonNull(newContent, "content is null");
        requireNonNull(newDeadline, "deadline is null");
        if (!newDeadline.isAfter(now)) {
            throw new QuanyunException(ErrorCode.VALIDATION_FAILED, "The deadline must lie in the future",
                    List.of(new io.quanyun.shared.Violation("deadline", "整改期限须晚于当前时间 (must be in the future)")),
                    "rectification", id.toString());
        }
        transitionTo(RectificationState.ISSUED, actor, newContent, now);
        this.content = newContent;
        this.deadline = newDeadline;
        events.add(new RectificationOrdered(id, operatorId, authorizerId, newDeadline, newContent));
    }

    /** The authorizer decides not to issue a proposal. */
    void discard(String note, String actor, Instant now) {
        transitionTo(RectificationState.DISCARDED, actor, note, now);
    }

    /** The operator reports completion with evidence, before the deadline. */
    void submit(String newEvidence, String actor, Instant now) {
        if (state == RectificationState.ISSUED && isOverdue(now)) {
            throw new QuanyunException(ErrorCode.RECTIFICATION_OVERDUE,
                    "The deadline of this rectification order has passed", List.of(), "rectification",
                    id.toString());
        }
        transitionTo(RectificationState.SUBMITTED, actor, newEvidence, now);
        this.evidence = newEvidence;
    }

    /** The authorizer accepts the rectification: access is restored. */
    void accept(String note, String actor, Instant now) {
        transitionTo(RectificationState.ACCEPTED, actor, note, now);
        events.add(new RectificationAccepted(id, operatorId, authorizerId));
    }

    /**
     * The authorizer rejects the evidence: back to issued while the deadline has not passed, failed after it.
     */
    void reject(String note, String actor, Instant now) {
        if (isOverdue(now)) {
            fail(note, actor, now);
            return;
        }
        transitionTo(RectificationState.ISSUED, actor, note, now);
        events.add(new RectificationRejected(id, operatorId, authorizerId, note));
    }

    /** The deadline passed without acceptance: the agreement is to be terminated. */
    void fail(String note, String actor, Instant now) {
        if (!isOverdue(now)) {
            throw new QuanyunException(ErrorCode.RECTIFICATION_NOT_DUE,
                    "The order can fail only at or after its deadline", List.of(), "rectification", id.toString());
        }
        transitionTo(RectificationState.FAILED, actor, note, now);
        events.add(new RectificationFailed(id, operatorId, authorizerId));
    }

    /** Whether the deadline has come (an order without a deadline never is). */
    boolean isOverdue(Instant now) {
        return deadline != null && !now.isBefore(deadline);
    }

    /** Moves to {@code target}, recording the step, or refuses with {@link ErrorCode#ILLEGAL_STATE_TRANSITION}. */
    private void transitionTo(RectificationState target, String actor, @Nullable String note, Instant now) {
        if (!state.next().contains(target)) {
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION,
                    "Rectification order cannot go from " + state + " to " + target, List.of(), "rectification",
                    id.toString());
        }
        state = target;
        updatedAt = now;
        steps.add(new RectificationStep(target, actor, note, now));
    }

    /** The events registered since loading, in order; clears them. */
    List<Object> takeEvents() {
        List<Object> taken = List.copyOf(events);
        events.clear();
        return taken;
    }

    UUID id() {
        return id;
    }

    UUID authorizerId() {
        return authorizerId;
    }

    UUID operatorId() {
        return operatorId;
    }

    RectificationState state() {
        return state;
    }

    RectificationView view() {
        return new RectificationView(id, authorizerId, operatorId, campaignId, reason, content, deadline, state,
                evidence, createdAt, updatedAt, steps.stream().map(RectificationStep::view).toList());
    }
}
