package io.quanyun.catalog;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Role;
import io.quanyun.shared.Violation;
import io.quanyun.shared.Violations;

/**
 * Quality tickets (Art. 10, 12): an operator reports a problem on a published dataset or one of its fields; the
 * dataset's provider answers within {@value QualityTicket#DEADLINE_DAYS} days and closes the ticket with the new
 * version that fixes it, or rejects it with a reason. The authority sees every ticket and the overdue ones.
 */
@Service
public class ResolvingQualityProblems {

    private final QualityTickets tickets;
    private final Datasets datasets;
    private final AuditTrail audit;
    private final Clock clock;
    private final JdbcClient jdbc;

    ResolvingQualityProblems(QualityTickets tickets, Datasets datasets, AuditTrail audit, Clock clock,
            JdbcClient jdbc) {
        this.tickets = tickets;
        this.datasets = datasets;
        this.audit = audit;
        this.clock = clock;
        this.jdbc = jdbc;
    }

    /** An operator (administrator or engineer) reports a problem; the deadline runs from now. */
    @Transactional
    public QualityTicketView report(ReportQualityProblem command) {
        Actor actor = Actors.current();
        boolean operator = actor.isOf(OrganizationType.OPERATOR)
                && (actor.has(Role.OPERATOR_ADMIN) || actor.has(Role.OPERATOR_ENGINEER));
        if (!operator || actor.organizationId() == null) {
            audit.recordIndependently(AuditEvent.refused("catalog.ticket.report", "dataset", command.datasetId(),
                    "forbidden: not an operator"));
            throw QuanyunException.forbidden("Only an operator reports quality problems").markAudited();
        }
        Violations.create()
                .check(command.datasetId() != null, "datasetId", "数据集必填 (dataset is required)")
                .check(command.summary() != null && !command.summary().isBlank() && command.summary().length() <= 200,
                        "summary", "摘要必填，至多200字 (summary required, at most 200 characters)")
                .check(command.description() == null || command.description().length() <= 4000, "description",
                        "描述至多4000字 (description: at most 4000 characters)")
                .throwIfAny();
        Dataset dataset = datasets.findById(command.datasetId())
                .filter(d -> d.state() == DatasetState.PUBLISHED)
                .orElseThrow(() -> QuanyunException.notFound("dataset", command.datasetId()));
        String field = command.fieldName() == null || command.fieldName().isBlank() ? null : command.fieldName().trim();
        if (field != null && dataset.fields().stream().noneMatch(f -> f.name().equals(field))) {
            throw QuanyunException.invalid(List.of(new Violation("fieldName", "字段不存在 (no such field)")));
        }
        QualityTicket ticket = QualityTicket.report(dataset.id(), field, command.summary().trim(),
                command.description() == null ? "" : command.description().trim(), actor.organizationId(),
                actor.username(), clock.instant());
        tickets.save(ticket);
        audit.record(AuditEvent.success("catalog.ticket.report", "quality_ticket", ticket.id())
                .with("dataset", dataset.id()).with("field", field).with("provider", dataset.providerId()));
        return ticket.view(clock.instant());
    }

    /** The provider answers an open ticket. */
    @Transactional
    public QualityTicketView answer(UUID ticketId, @Nullable String answer) {
        requireText(answer, "answer");
        return providerActs(ticketId, "catalog.ticket.answer",
                ticket -> ticket.answer(answer.trim(), Actors.current().username(), clock.instant()));
    }

    /**
     * The provider closes an answered ticket with the version that fixed the problem: a version of the same
     * dataset ingested after the report.
     */
    @Transactional
    public QualityTicketView close(UUID ticketId, int fixedInVersion) {
        return providerActs(ticketId, "catalog.ticket.close", ticket -> {
            ticket.requireMayMoveTo(TicketState.CLOSED);
            Instant created = jdbc.sql("select created_at from dataset_version where dataset_id = :d and version = :v")
                    .param("d", ticket.datasetId()).param("v", fixedInVersion)
                    .query((rs, n) -> rs.getObject(1, java.time.OffsetDateTime.class).toInstant()).optional()
                    .orElse(null);
            if (created == null || created.isBefore(ticket.reportedAt())) {
                throw QuanyunException.invalid(List.of(new Violation("fixedInVersion",
                        "须为报告之后导入的新版本 (a version ingested after the report)")));
            }
            ticket.close(fixedInVersion, Actors.current().username(), clock.instant());
        });
    }

    /** The provider rejects a ticket with a reason. */
    @Transactional
    public QualityTicketView reject(UUID ticketId, @Nullable String reason) {
        requireText(reason, "reason");
        return providerActs(ticketId, "catalog.ticket.reject",
                ticket -> ticket.reject(reason.trim(), Actors.current().username(), clock.instant()));
    }

    /** One ticket, for its reporter, the dataset's provider, the authority and auditors. */
    @Transactional(readOnly = true)
    public QualityTicketView ticket(UUID ticketId) {
        QualityTicket ticket = load(ticketId);
        if (!maySee(Actors.current(), ticket)) {
            throw QuanyunException.notFound("quality_ticket", ticketId);
        }
        return ticket.view(clock.instant());
    }

    /**
     * The tickets the current actor may see, newest first: all for the authority and auditors, those on its
     * datasets for a provider, its own reports for an operator, none for anyone else.
     */
    @Transactional(readOnly = true)
    public List<QualityTicketView> tickets() {
        Actor actor = Actors.current();
        Instant now = clock.instant();
        if (seesAll(actor)) {
            return tickets.findAllByOrderByReportedAtDesc().stream().map(t -> t.view(now)).toList();
        }
        if (actor.isOf(OrganizationType.OPERATOR) && actor.organizationId() != null) {
            return tickets.findByReporterOrgIdOrderByReportedAtDesc(actor.organizationId()).stream()
                    .map(t -> t.view(now)).toList();
        }
        if (actor.isOf(OrganizationType.PROVIDER) && actor.organizationId() != null) {
            return tickets.findAllByOrderByReportedAtDesc().stream().filter(t -> maySee(actor, t))
                    .map(t -> t.view(now)).toList();
        }
        return List.of();
    }

    /** The tickets of one dataset the current actor may see. */
    @Transactional(readOnly = true)
    public List<QualityTicketView> tickets(UUID datasetId) {
        Actor actor = Actors.current();
        Instant now = clock.instant();
        return tickets.findByDatasetIdOrderByReportedAtDesc(datasetId).stream().filter(t -> maySee(actor, t))
                .map(t -> t.view(now)).toList();
    }

    /** Overdue tickets (past their deadline, not settled), for the authority and auditors. */
    @Transactional(readOnly = true)
    public List<QualityTicketView> overdue() {
        Actor actor = Actors.current();
        if (!seesAll(actor)) {
            audit.recordIndependently(AuditEvent.refused("catalog.ticket.overdue", "quality_ticket", null,
                    "forbidden: not the authority"));
            throw QuanyunException.forbidden("Only the authority lists overdue tickets").markAudited();
        }
        Instant now = clock.instant();
        return tickets.findAllByOrderByReportedAtDesc().stream().filter(t -> t.isOverdue(now))
                .map(t -> t.view(now)).toList();
    }

    private QualityTicketView providerActs(UUID ticketId, String action, Consumer<QualityTicket> change) {
        QualityTicket ticket = load(ticketId);
        Dataset dataset = datasets.findById(ticket.datasetId()).orElseThrow();
        Actor actor = Actors.current();
        boolean provider = actor.isSystem() || (actor.has(Role.PROVIDER_CLERK) && actor.belongsTo(dataset.providerId()));
        if (!provider) {
            audit.recordIndependently(AuditEvent.refused(action, "quality_ticket", ticketId,
                    "forbidden: not a clerk of the dataset's provider"));
            throw QuanyunException.forbidden("Only the dataset's provider may do this").markAudited();
        }
        TicketState before = ticket.state();
        try {
            change.accept(ticket);
        } catch (QuanyunException refused) {
            if (refused.code() == ErrorCode.ILLEGAL_STATE_TRANSITION) {
                audit.recordIndependently(AuditEvent.refused(action, "quality_ticket", ticketId,
                        refused.code().code() + ": " + before));
                throw refused.markAudited();
            }
            throw refused;
        }
        tickets.save(ticket);
        audit.record(AuditEvent.success(action, "quality_ticket", ticketId).with("state", ticket.state())
                .with("dataset", ticket.datasetId()));
        return ticket.view(clock.instant());
    }

    private QualityTicket load(UUID id) {
        return tickets.findById(id).orElseThrow(() -> QuanyunException.notFound("quality_ticket", id));
    }

    private boolean maySee(Actor actor, QualityTicket ticket) {
        if (seesAll(actor) || actor.belongsTo(ticket.reporterOrgId())) {
            return true;
        }
        return actor.organizationId() != null && datasets.findById(ticket.datasetId())
                .map(d -> actor.belongsTo(d.providerId())).orElse(false);
    }

    private static boolean seesAll(Actor actor) {
        return actor.isSystem() || actor.has(Role.AUTHORITY_ADMIN) || actor.has(Role.AUDITOR);
    }

    private static void requireText(@Nullable String text, String field) {
        Violations.create().check(text != null && !text.isBlank() && text.length() <= 4000, field,
                "必填，至多4000字 (required, at most 4000 characters)").throwIfAny();
    }
}
