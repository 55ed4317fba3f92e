package io.quanyun.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;

/** A quality problem an operator reported on a dataset or one of its fields, and its handling by the provider. */
@Table("quality_ticket")
final class QualityTicket {

    /** Days the provider has to settle a ticket. */
    static final int DEADLINE_DAYS = 10;

    private final @Id UUID id;
    private final UUID datasetId;
    private final @Nullable String fieldName;
    private final String summary;
    private final String description;
    private TicketState state;
    private final UUID reporterOrgId;
    private final String reportedBy;
    private final Instant reportedAt;
    private final Instant dueAt;
    private @Nullable String answer;
    private @Nullable String answeredBy;
    private @Nullable Instant answeredAt;
    private @Nullable Integer fixedInVersion;
    private @Nullable String closedBy;
    private @Nullable Instant closedAt;
    private @Nullable String rejectionReason;
    private @Version @Nullable Long version;

    @PersistenceCreator
    QualityTicket(UUID id, UUID datasetId, @Nullable String fieldName, String summary, String description,
            TicketState state, UUID reporterOrgId, String reportedBy, Instant reportedAt, Instant dueAt,
            @Nullable String answer, @Nullable String answeredBy, @Nullable Instant answeredAt,
            @Nullable Integer fixedInVersion, @Nullable String closedBy, @Nullable Instant closedAt,
            @Nullable String rejectionReason, @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.datasetId = requireNonNull(datasetId, "datasetId is null");
        this.fieldName = fieldName;
        this.summary = requireNonNull(summary, "summary is null");
        this.description = requireNonNull(description, "description is null");
        this.state = requireNonNull(state, "state is null");
        this.reporterOrgId = requireNonNull(reporterOrgId, "reporterOrgId is null");
        this.reportedBy = requireNonNull(reportedBy, "reportedBy is null");
        this.reportedAt = requireNonNull(reportedAt, "reportedAt is null");
        this.dueAt = requireNonNull(dueAt, "dueAt is null");
        this.answer = answer;
        this.answeredBy = answeredBy;
        this.answeredAt = answeredAt;
        this.fixedInVersion = fixedInVersion;
        this.closedBy = closedBy;
        this.closedAt = closedAt;
        this.rejectionReason = rejectionReason;
        this.version = version;
    }

    static QualityTicket report(UUID datasetId, @Nullable String fieldName, String summary, String description,
            UUID reporterOrgId, String reportedBy, Instant now) {
        return new QualityTicket(UUID.randomUUID(), datasetId, fieldName, summary, description, TicketState.OPEN,
                reporterOrgId, reportedBy, now, now.plus(java.time.Duration.ofDays(DEADLINE_DAYS)), null, null, null,
                null, null, null, null, null);
    }

    void answer(String text, String by, Instant now) {
        transitionTo(TicketState.ANSWERED);
        answer = text;
        answeredBy = by;
        answeredAt = now;
    }

    void close(int fixingVersion, String by, Instant now) {
        transitionTo(TicketState.CLOSED);
        fixedInVersion = fixingVersion;
        closedBy = by;
        closedAt = now;
    }

    void reject(String reason, String by, Instant now) {
        transitionTo(TicketState.REJECTED);
        rejectionReason = reason;
        closedBy = by;
        closedAt = now;
    }

    /** Moves to {@code target} or refuses with {@link ErrorCode#ILLEGAL_STATE_TRANSITION}. */
    private void transitionTo(TicketState target) {
        requireMayMoveTo(target);
        state = target;
    }

    /** Refuses with {@link ErrorCode#ILLEGAL_STATE_TRANSITION} unless the ticket may move to {@code target}. */
    void requireMayMoveTo(TicketState target) {
        if (!state.next().contains(target)) {
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION,
                    "Ticket cannot go from " + state + " to " + target, List.of(), "quality_ticket", id.toString());
        }
    }

    boolean isOverdue(Instant now) {
        return !state.isFinal() && now.isAfter(dueAt);
    }

    UUID id() {
        return id;
    }

    UUID datasetId() {
        return datasetId;
    }

    TicketState state() {
        return state;
    }

    UUID reporterOrgId() {
        return reporterOrgId;
    }

    Instant reportedAt() {
        return reportedAt;
    }

    QualityTicketView view(Instant now) {
        return new QualityTicketView(id, datasetId, fieldName, summary, description, state, reporterOrgId,
                reportedBy, reportedAt, dueAt, isOverdue(now), answer, answeredBy, answeredAt, fixedInVersion,
                closedBy, closedAt, rejectionReason);
    }
}
