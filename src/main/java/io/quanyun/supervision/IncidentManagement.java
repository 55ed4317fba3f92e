package io.quanyun.supervision;

import static io.quanyun.supervision.SupervisionRoles.isAuthority;
import static io.quanyun.supervision.SupervisionRoles.isOperatorMember;
import static io.quanyun.supervision.SupervisionRoles.notBlank;
import static io.quanyun.supervision.SupervisionRoles.requireSignedIn;
import static io.quanyun.supervision.SupervisionRoles.supervises;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Role;
import io.quanyun.shared.Violation;
import io.quanyun.shared.Violations;
import io.quanyun.shared.Zones;

/**
 * Incidents and emergency plans (Art. 15). Who may do what:
 * <ul>
 * <li>anyone involved reports an incident: an operator's member for its own organization, an authority
 * administrator or an auditor for any operator (also from an alert);</li>
 * <li>authority administrators take containment actions through the platform (through the {@link Containment}
 * port, which access and products implement), record the notifications of the supervising departments, regrade
 * and close incidents; the operator concerned adds notes;</li>
 * <li>an organization's administrator (operator or authority) records new versions of its emergency plan; an
 * authority administrator may record one for an operator; supervisors read all, operators their own.</li>
 * </ul>
 */
@Service
public class IncidentManagement {

    private final Incidents incidents;
    private final EmergencyPlans plans;
    private final Alerts alerts;
    private final IdentityManagement identity;
    private final ObjectProvider<Containment> containments;
    private final AuditTrail audit;
    private final Clock clock;

    IncidentManagement(Incidents incidents, EmergencyPlans plans, Alerts alerts, IdentityManagement identity,
            ObjectProvider<Containment> containments, AuditTrail audit, Clock clock) {
        this.incidents = incidents;
        this.plans = plans;
        this.alerts = alerts;
        this.identity = identity;
        this.containments = containments;
        this.audit = audit;
        this.clock = clock;
    }

    // ================================================================ emergency plans

    /** Records the next version of an organization's emergency plan. */
    @Transactional
    public EmergencyPlanView recordPlan(RecordEmergencyPlan command) {
        Actor actor = Actors.current();
        String action = "supervision.plan.record";
        requireSignedIn(actor);
        UUID organizationId = command.organizationId() == null ? actor.organizationId() : command.organizationId();
        boolean own = organizationId != null && actor.belongsTo(organizationId)
                && (actor.has(Role.OPERATOR_ADMIN) || actor.has(Role.AUTHORITY_ADMIN));
        if (!actor.isSystem() && !own && !isAuthority(actor)) {
            throw refuse(ErrorCode.FORBIDDEN, action, "emergency-plan", organizationId,
                    "only the organization's administrator or an authority");
        }
        Violations.create()
                .check(organizationId != null, "organizationId", "单位必填 (the organization is required)")
                .check(notBlank(command.title(), 200), "title", "标题必填，最多200字 (title, up to 200 characters)")
                .check(notBlank(command.content(), 100_000), "content", "预案内容必填 (the plan's content is required)")
                .check(command.effectiveFrom() != null, "effectiveFrom", "生效日期必填 (effective date is required)")
                .throwIfAny();
        OrganizationView organization = identity.describe(organizationId)
                .orElseThrow(() -> QuanyunException.notFound("organization", organizationId));
        int next = plans.findByOrganizationIdOrderByPlanVersionDesc(organizationId).stream()
                .mapToInt(EmergencyPlan::planVersion).max().orElse(0) + 1;
        EmergencyPlan plan = EmergencyPlan.next(organizationId, organization.name(), next, command.title().trim(),
                command.content().trim(), command.effectiveFrom(), actor.username(), clock.instant());
        plans.save(plan);
        audit.record(AuditEvent.success(action, "emergency-plan", plan.view(true).id())
                .with("organization", organizationId).with("planVersion", next));
        return plan.view(true);
    }

    /** Emergency plans, every version: all for supervisors, the own organization's for others. */
    @Transactional(readOnly = true)
    public List<EmergencyPlanView> plans() {
        Actor actor = Actors.current();
        requireSignedIn(actor);
        List<EmergencyPlan> all = supervises(actor) ? plans.findAllByOrderByOrganizationNameAscPlanVersionDesc()
                : actor.organizationId() == null ? List.of()
                        : plans.findByOrganizationIdOrderByPlanVersionDesc(actor.organizationId());
        return views(all);
    }

    /** The plan in force for an organization (the highest version already effective), if any. */
    @Transactional(readOnly = true)
    public java.util.Optional<EmergencyPlanView> currentPlan(UUID organizationId) {
        Actor actor = Actors.current();
        requireSignedIn(actor);
        if (!supervises(actor) && !actor.belongsTo(organizationId)) {
            return java.util.Optional.empty();
        }
        return views(plans.findByOrganizationIdOrderByPlanVersionDesc(organizationId)).stream()
                .filter(EmergencyPlanView::current).findFirst();
    }

    private List<EmergencyPlanView> views(List<EmergencyPlan> all) {
        LocalDate today = LocalDate.now(clock.withZone(Zones.SHANGHAI));
        java.util.Map<UUID, Integer> current = new java.util.HashMap<>();
        for (EmergencyPlan plan : all) {
            if (!plan.view(false).effectiveFrom().isAfter(today)) {
                current.merge(plan.organizationId(), plan.planVersion(), Math::max);
            }
        }
        return all.stream()
                .map(p -> p.view(current.getOrDefault(p.organizationId(), -1) == p.planVersion())).toList();
    }

    // ================================================================ incidents

    /** Reports an incident (see the class comment for who may). */
    @Transactional
    public IncidentView report(ReportIncident command) {
        Actor actor = Actors.current();
        String action = "supervision.incident.report";
        requireSignedIn(actor);
        UUID organizationId = command.organizationId();
        if (command.alertId() != null) {
            if (!supervises(actor)) {
                throw refuse(ErrorCode.FORBIDDEN, action, "alert", command.alertId(), "only supervisors see alerts");
            }
            Alert alert = alerts.findById(command.alertId())
                    .orElseThrow(() -> QuanyunException.notFound("alert", command.alertId()));
            organizationId = alert.view().organizationId();
        } else if (isOperatorMember(actor)) {
            if (organizationId != null && !actor.belongsTo(organizationId)) {
                throw refuse(ErrorCode.FORBIDDEN, action, "organization", organizationId, "not the own organization");
            }
            organizationId = actor.organizationId();
        } else if (!actor.isSystem() && !isAuthority(actor) && !actor.has(Role.AUDITOR)) {
            throw refuse(ErrorCode.FORBIDDEN, action, "incident", null, "not involved");
        }
        UUID operator = organizationId;
        Violations.create()
                .check(operator != null, "organizationId", "涉事运营单位必填 (the operator concerned is required)")
                .check(command.grade() != null, "grade", "事件分级必填 (the grade is required)")
                .check(notBlank(command.title(), 200), "title", "标题必填，最多200字 (title, up to 200 characters)")
                .check(notBlank(command.description(), 4000), "description", "事件描述必填 (description is required)")
                .check(command.occurredAt() == null || !command.occurredAt().isAfter(clock.instant()), "occurredAt",
                        "发生时间不得晚于现在 (cannot lie in the future)")
                .throwIfAny();
        OrganizationView organization = identity.describe(operator)
                .filter(o -> o.type() == OrganizationType.OPERATOR)
                .orElseThrow(() -> QuanyunException.invalid(List.of(new Violation("organizationId",
                        "须为运营单位 (must be an operator)"))));
        Instant now = clock.instant();
        Incident incident = Incident.report(organization.id(), organization.name(), command.grade(),
                command.title().trim(), command.description().trim(), command.alertId(), actor.username(),
                command.occurredAt() == null ? now : command.occurredAt(), now);
        incidents.save(incident);
        audit.record(AuditEvent.success(action, "incident", incident.id()).with("grade", command.grade())
                .with("organization", organization.id())
                .with("alert", command.alertId() == null ? "" : command.alertId().toString()));
        return incident.view();
    }

    /** Incidents, newest first: all for supervisors, the own organization's for its members. */
    @Transactional(readOnly = true)
    public List<IncidentView> incidents() {
        Actor actor = Actors.current();
        requireSignedIn(actor);
        List<Incident> all = incidents.findAllByOrderByReportedAtDesc();
        if (supervises(actor)) {
            return all.stream().map(Incident::view).toList();
        }
        if (isOperatorMember(actor)) {
            return all.stream().filter(i -> actor.belongsTo(i.organizationId())).map(Incident::view).toList();
        }
        throw refuse(ErrorCode.FORBIDDEN, "supervision.incident.list", "incident", null, "not involved");
    }

    @Transactional(readOnly = true)
    public IncidentView incident(UUID id) {
        return readable(id).view();
    }

    /** A note on the timeline, by a supervisor or a member of the operator concerned. */
    @Transactional
    public IncidentView note(UUID id, @Nullable String note) {
        Incident incident = readable(id);
        requireText(note, "note");
        incident.note(note.trim(), Actors.current().username(), clock.instant());
        return save(incident, "supervision.incident.note", "");
    }

    /**
     * An authority administrator takes a containment action through the platform: the module owning the target
     * carries it out with its own checks and audit; the incident records what was done.
     */
    @Transactional
    public IncidentView contain(UUID id, @Nullable ContainmentKind kind, @Nullable UUID target,
            @Nullable String reason) {
        Incident incident = handled(id, "supervision.incident.contain");
        Violations.create().check(kind != null, "kind", "处置措施必填 (the action is required)")
                .check(target != null, "target", "处置对象必填 (the target is required)")
                .check(notBlank(reason, 1000), "reason", "原因必填 (a reason is required)").throwIfAny();
        Containment containment = containments.orderedStream().filter(c -> c.kinds().contains(kind)).findFirst()
                .orElseThrow(() -> new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION,
                        "No module carries out " + kind + " here"));
        String outcome = containment.contain(kind, target, "事件 " + id + "：" + reason.trim());
        incident.contained(kind, target, outcome, Actors.current().username(), clock.instant());
        return save(incident, "supervision.incident.contain", kind + " " + target);
    }

    /** An authority administrator records that a supervising department was notified, and when. */
    @Transactional
    public IncidentView notify(UUID id, @Nullable SupervisingDepartment department, @Nullable Instant at,
            @Nullable String note) {
        Incident incident = handled(id, "supervision.incident.notify");
        Instant when = at == null ? clock.instant() : at;
        Violations.create().check(department != null, "department", "通报部门必填 (the department is required)")
                .check(!when.isAfter(clock.instant()), "at", "通报时间不得晚于现在 (cannot lie in the future)")
                .check(notBlank(note, 1000), "note", "通报方式与内容必填 (how and what was notified)").throwIfAny();
        incident.notified(department, note.trim(), Actors.current().username(), when);
        return save(incident, "supervision.incident.notify", department.name());
    }

    /** An authority administrator changes the grade, with a reason. */
    @Transactional
    public IncidentView regrade(UUID id, @Nullable IncidentGrade grade, @Nullable String reason) {
        Incident incident = handled(id, "supervision.incident.regrade");
        Violations.create().check(grade != null, "grade", "事件分级必填 (the grade is required)")
                .check(notBlank(reason, 1000), "reason", "原因必填 (a reason is required)").throwIfAny();
        incident.regrade(grade, reason.trim(), Actors.current().username(), clock.instant());
        return save(incident, "supervision.incident.regrade", grade.name());
    }

    /** An authority administrator closes the incident with the lessons learned. */
    @Transactional
    public IncidentView close(UUID id, @Nullable String lessonsLearned) {
        Incident incident = handled(id, "supervision.incident.close");
        requireText(lessonsLearned, "lessonsLearned");
        incident.close(lessonsLearned.trim(), Actors.current().username(), clock.instant());
        return save(incident, "supervision.incident.close", "");
    }

    private IncidentView save(Incident incident, String action, String subject) {
        incidents.save(incident);
        audit.record(AuditEvent.success(action, "incident", incident.id()).with("state", incident.state())
                .with("subject", subject));
        return incident.view();
    }

    private Incident readable(UUID id) {
        Actor actor = Actors.current();
        requireSignedIn(actor);
        Incident incident = incidents.findById(id).orElseThrow(() -> QuanyunException.notFound("incident", id));
        if (!supervises(actor) && !(isOperatorMember(actor) && actor.belongsTo(incident.organizationId()))) {
            throw QuanyunException.notFound("incident", id);
        }
        return incident;
    }

    private Incident handled(UUID id, String action) {
        Actor actor = Actors.current();
        Incident incident = incidents.findById(id).orElseThrow(() -> QuanyunException.notFound("incident", id));
        if (!actor.isSystem() && !isAuthority(actor)) {
            throw refuse(ErrorCode.FORBIDDEN, action, "incident", id, "only an authority administrator handles it");
        }
        return incident;
    }

    private static void requireText(@Nullable String text, String field) {
        Violations.create().check(notBlank(text, 4000), field, "必填，最多4000字 (required, up to 4000 characters)")
                .throwIfAny();
    }

    private QuanyunException refuse(ErrorCode code, String action, String objectType, @Nullable Object objectId,
            String reason) {
        return SupervisionRoles.refuse(audit, code, action, objectType, objectId, reason);
    }
}
