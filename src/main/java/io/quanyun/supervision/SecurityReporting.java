package io.quanyun.supervision;

import static io.quanyun.supervision.SupervisionRoles.isAuthority;
import static io.quanyun.supervision.SupervisionRoles.isOperatorMember;
import static io.quanyun.supervision.SupervisionRoles.notBlank;
import static io.quanyun.supervision.SupervisionRoles.requireSignedIn;
import static io.quanyun.supervision.SupervisionRoles.supervises;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.identity.AuthorityLevel;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.identity.UserView;
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
 * Responsibility (Art. 14), security reports and inspections (Art. 16).
 * <ul>
 * <li>Each authorizer (an authority administrator, or a provider's clerk for domain-specific authorization) sees
 * what it supervises: agreements, grants and products with their state, the operator's first responsible person
 * and the open items; the city authority and auditors see every authorizer's.</li>
 * <li>An operator administrator files a security report per period (quarterly by default) from the template; the
 * platform pre-fills the evidence it holds. Reports not filed when due are flagged to supervisors.</li>
 * <li>An authority administrator opens an inspection of an operator: while it is open, the inspectors read the
 * operator's workspaces' metadata, query history, exports and products (never raw data or results) and record
 * findings; each reading is audited.</li>
 * </ul>
 */
@Service
public class SecurityReporting {

    /** The template's sections, in order, with their headings (Chinese / English). */
    public static final Map<String, String> SECTIONS;

    static {
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("management", "安全管理制度执行情况 / Security management in practice");
        sections.put("technical", "技术防护措施 / Technical protection");
        sections.put("dataUse", "数据使用与产品情况 / Use of data and products");
        sections.put("incidents", "安全事件与应急处置 / Incidents and emergency response");
        sections.put("training", "人员培训与管理 / Staff training and management");
        sections.put("rectification", "整改落实情况 / Rectification");
        sections.put("plans", "下一步工作计划 / Plans for the next period");
        SECTIONS = java.util.Collections.unmodifiableMap(sections);
    }

    private final SecurityReports reports;
    private final Inspections inspections;
    private final Alerts alerts;
    private final Incidents incidents;
    private final RectificationOrders orders;
    private final TrainingRecords trainings;
    private final OtherModulesRecords records;
    private final IdentityManagement identity;
    private final AuditTrail audit;
    private final Clock clock;
    private final SupervisionSettings settings;

    SecurityReporting(SecurityReports reports, Inspections inspections, Alerts alerts, Incidents incidents,
            RectificationOrders orders, TrainingRecords trainings, OtherModulesRecords records,
            IdentityManagement identity, AuditTrail audit, Clock clock, SupervisionSettings settings) {
        this.reports = reports;
        this.inspections = inspections;
        this.alerts = alerts;
        this.incidents = incidents;
        this.orders = orders;
        this.trainings = trainings;
        this.records = records;
        this.identity = identity;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
    }

    // ================================================================ responsibility (Art. 14)

    /**
     * What the current actor's organization supervises as authorizer; everything (all authorizers) for the city
     * authority and auditors.
     */
    @Transactional(readOnly = true)
    public ResponsibilityView responsibilities() {
        Actor actor = Actors.current();
        requireSignedIn(actor);
        boolean all = actor.isSystem() || actor.has(Role.AUDITOR) || isCityAuthority(actor);
        boolean authorizer = isAuthority(actor)
                || actor.has(Role.PROVIDER_CLERK) && actor.isOf(OrganizationType.PROVIDER);
        if (!all && !authorizer) {
            throw refuse(ErrorCode.FORBIDDEN, "supervision.responsibility", "organization", actor.organizationId(),
                    "not an authorizer");
        }
        UUID authorizerId = all ? null : actor.organizationId();
        List<ResponsibilityView.Agreement> agreements = records.agreements(authorizerId);
        List<ResponsibilityView.Grant> grants = records.grants(authorizerId);
        List<ResponsibilityView.Product> products = records.products(authorizerId);
        Map<UUID, ResponsibilityView.OpenItems> open = new LinkedHashMap<>();
        Set<UUID> overdue = overdueOperators().keySet();
        for (ResponsibilityView.Agreement agreement : agreements) {
            open.computeIfAbsent(agreement.operatorId(), id -> openItems(id, agreement.operatorName(),
                    agreement.firstResponsiblePerson(), overdue.contains(id)));
        }
        String name = all ? "全部授权单位 / all authorizers"
                : identity.describe(authorizerId).map(OrganizationView::name).orElse("");
        return new ResponsibilityView(authorizerId, name, agreements, grants, products, new ArrayList<>(open.values()));
    }

    private ResponsibilityView.OpenItems openItems(UUID operatorId, String name, @Nullable String responsible,
            boolean overdue) {
        long rectifications = orders.findByStateIn(Set.of(RectificationState.ISSUED, RectificationState.SUBMITTED))
                .stream().filter(o -> o.operatorId().equals(operatorId)).count();
        long openIncidents = incidents.findAllByOrderByReportedAtDesc().stream()
                .filter(i -> i.organizationId().equals(operatorId) && !i.state().isFinal()).count();
        long unresolved = alerts.findAllByOrderByRaisedAtDesc().stream()
                .filter(a -> operatorId.equals(a.view().organizationId()) && !a.state().isFinal()).count();
        return new ResponsibilityView.OpenItems(operatorId, name, responsible, rectifications, openIncidents,
                unresolved, overdue);
    }

    // ================================================================ security reports (Art. 16)

    /** The template for the period (the last finished one when null), pre-filled with the platform's evidence. */
    @Transactional(readOnly = true)
    public SecurityReportView template(@Nullable UUID operatorId, @Nullable String period) {
        Actor actor = Actors.current();
        UUID operator = operatorFor(actor, operatorId, "supervision.report.template");
        ReportingPeriod reportingPeriod = period(period);
        OrganizationView organization = identity.describe(operator)
                .orElseThrow(() -> QuanyunException.notFound("organization", operator));
        Map<String, String> sections = new LinkedHashMap<>();
        SECTIONS.keySet().forEach(key -> sections.put(key, ""));
        return new SecurityReportView(null, operator, organization.name(), reportingPeriod.label(),
                reportingPeriod.start(), reportingPeriod.end(), reportingPeriod.dueOn(), sections,
                evidence(operator, reportingPeriod), null, null, false);
    }

    /** An operator administrator files its report for a period; once per period. */
    @Transactional
    public SecurityReportView file(FileSecurityReport command) {
        Actor actor = Actors.current();
        String action = "supervision.report.file";
        if (!actor.has(Role.OPERATOR_ADMIN) || !actor.isOf(OrganizationType.OPERATOR)) {
            throw refuse(ErrorCode.FORBIDDEN, action, "security-report", null, "only an operator administrator files");
        }
        ReportingPeriod period = period(command.period());
        if (!period.end().isBefore(today())) {
            Violations.create().add("period", "报告期尚未结束 (the period has not ended yet)").throwIfAny();
        }
        Map<String, String> sections = command.sections() == null ? Map.of() : command.sections();
        Violations violations = Violations.create();
        for (String key : sections.keySet()) {
            violations.check(SECTIONS.containsKey(key), "sections." + key, "模板中没有此部分 (not a section)");
        }
        for (String key : SECTIONS.keySet()) {
            violations.check(notBlank(sections.get(key), 8000), "sections." + key,
                    "必填，最多8000字 (required, up to 8000 characters)");
        }
        violations.throwIfAny();
        UUID operator = actor.organizationId();
        if (reports.findByOperatorIdAndPeriod(operator, period.label()).isPresent()) {
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION,
                    "The report for " + period.label() + " is filed already", List.of(), "security-report", null);
        }
        Map<String, String> texts = new LinkedHashMap<>();
        SECTIONS.keySet().forEach(key -> texts.put(key, sections.get(key).trim()));
        SecurityReport report = SecurityReport.file(operator, actor.organizationName(), period, texts,
                evidence(operator, period), actor.username(), clock.instant());
        reports.save(report);
        audit.record(AuditEvent.success(action, "security-report", report.id()).with("period", period.label()));
        return report.view();
    }

    /** Filed reports: all for supervisors, the own organization's for operator members. */
    @Transactional(readOnly = true)
    public List<SecurityReportView> reports() {
        Actor actor = Actors.current();
        requireSignedIn(actor);
        if (supervises(actor)) {
            return reports.findAllByOrderByFiledAtDesc().stream().map(SecurityReport::view).toList();
        }
        if (isOperatorMember(actor)) {
            return reports.findByOperatorIdOrderByFiledAtDesc(actor.organizationId()).stream()
                    .map(SecurityReport::view).toList();
        }
        throw refuse(ErrorCode.FORBIDDEN, "supervision.report.list", "security-report", null, "not involved");
    }

    @Transactional(readOnly = true)
    public SecurityReportView report(UUID id) {
        Actor actor = Actors.current();
        requireSignedIn(actor);
        SecurityReport report = reports.findById(id).orElseThrow(() -> QuanyunException.notFound("security-report", id));
        if (!supervises(actor) && !(isOperatorMember(actor) && actor.belongsTo(report.operatorId()))) {
            throw QuanyunException.notFound("security-report", id);
        }
        return report.view();
    }

    /**
     * Operators whose report for the last finished period is due and not filed, for supervisors: every operator
     * that held an active agreement at some time in that period.
     */
    @Transactional(readOnly = true)
    public List<OverdueReport> overdue() {
        Actor actor = Actors.current();
        requireSignedIn(actor);
        if (!supervises(actor) && !(actor.has(Role.PROVIDER_CLERK) && actor.isOf(OrganizationType.PROVIDER))) {
            throw refuse(ErrorCode.FORBIDDEN, "supervision.report.overdue", "security-report", null, "not a supervisor");
        }
        ReportingPeriod period = lastFinished();
        List<OverdueReport> overdue = new ArrayList<>();
        overdueOperators().forEach((id, name) -> overdue.add(new OverdueReport(id, name, period.label(),
                period.dueOn())));
        return overdue;
    }

    /** Operators whose report for the last finished period is overdue now. */
    Map<UUID, String> overdueOperators() {
        ReportingPeriod period = lastFinished();
        if (!today().isAfter(period.dueOn())) {
            return Map.of();
        }
        Map<UUID, String> due = new LinkedHashMap<>(records.operatorsUnderAgreement(period.start(), period.end()));
        reports.findAllByOrderByFiledAtDesc().stream().filter(r -> r.period().equals(period.label()))
                .forEach(r -> due.remove(r.operatorId()));
        return due;
    }

    /**
     * The reporting periods due (their due date passed) within the days from {@code start} to {@code end}, up to
     * today, for which the operator, under an agreement during the period, filed no report by the due date: the
     * overdue reports of an evaluation campaign's period (Art. 17), not those overdue today.
     */
    long overdueReports(UUID operator, LocalDate start, LocalDate end) {
        LocalDate until = end.isAfter(today()) ? today() : end;
        int months = settings.reportPeriodMonths();
        int grace = settings.reportGraceDays();
        long overdue = 0;
        ReportingPeriod period = ReportingPeriod.containing(start.minusDays(grace).minusMonths(months), months, grace);
        List<SecurityReport> filed = reports.findAllByOrderByFiledAtDesc().stream()
                .filter(r -> r.operatorId().equals(operator)).toList();
        while (!period.start().isAfter(until)) {
            boolean dueInside = !period.dueOn().isBefore(start) && until.isAfter(period.dueOn());
            if (dueInside && records.operatorsUnderAgreement(period.start(), period.end()).containsKey(operator)) {
                String label = period.label();
                LocalDate dueOn = period.dueOn();
                boolean inTime = filed.stream().anyMatch(r -> r.period().equals(label) && !r.filedAt()
                        .atZone(Zones.SHANGHAI).toLocalDate().isAfter(dueOn));
                if (!inTime) {
                    overdue++;
                }
            }
            period = ReportingPeriod.containing(period.end().plusDays(1), months, grace);
        }
        return overdue;
    }

    /** The platform's evidence on the operator for the period (also used by evaluation campaigns). */
    ReportEvidence evidence(UUID operator, ReportingPeriod period) {
        LocalDate start = period.start();
        LocalDate end = period.end();
        long queries = records.activity(operator, "sandbox.query", null, start, end);
        long refused = records.activity(operator, "sandbox.query", "REFUSED", start, end);
        long exports = records.activity(operator, "sandbox.export.request", null, start, end);
        long alertCount = alerts.findAllByOrderByRaisedAtDesc().stream().map(Alert::view)
                .filter(a -> operator.equals(a.organizationId()) && within(a.raisedAt(), start, end)).count();
        List<IncidentView> theirs = incidents.findAllByOrderByReportedAtDesc().stream()
                .filter(i -> i.organizationId().equals(operator)).map(Incident::view)
                .filter(i -> within(i.reportedAt(), start, end)).toList();
        // open at the period's end (or now, for a period not over yet): closed later counts as open then
        java.time.Instant endOfPeriod = end.plusDays(1).atStartOfDay(Zones.SHANGHAI).toInstant();
        long open = theirs.stream().filter(i -> !i.state().isFinal()
                || (i.closedAt() != null && !i.closedAt().isBefore(endOfPeriod))).count();
        List<UserView> staff = Actors.runAs(Actor.system(), () -> identity.users(operator)).stream()
                .filter(u -> u.roles().contains(Role.OPERATOR_ENGINEER) || u.roles().contains(Role.OPERATOR_ADMIN))
                .toList();
        LocalDate asOf = end.isAfter(today()) ? today() : end;
        long trained = staff.stream().filter(u -> trainings.findByUserId(u.id()).stream()
                .anyMatch(r -> r.isValidOn(asOf))).count();
        return new ReportEvidence(queries, refused, exports, alertCount, theirs.size(), open, staff.size(), trained);
    }

    private static boolean within(java.time.Instant at, LocalDate start, LocalDate end) {
        LocalDate day = at.atZone(Zones.SHANGHAI).toLocalDate();
        return !day.isBefore(start) && !day.isAfter(end);
    }

    // ================================================================ inspections (Art. 16)

    /** An authority administrator opens an inspection of an operator. */
    @Transactional
    public InspectionView openInspection(OpenInspection command) {
        Actor actor = Actors.current();
        String action = "supervision.inspection.open";
        if (!isAuthority(actor)) {
            throw refuse(ErrorCode.FORBIDDEN, action, "inspection", null, "only an authority administrator inspects");
        }
        Violations.create().check(command.operatorId() != null, "operatorId", "运营单位必填 (operator is required)")
                .check(notBlank(command.scope(), 2000), "scope", "检查范围必填 (the scope is required)").throwIfAny();
        OrganizationView operator = identity.describe(command.operatorId())
                .filter(o -> o.type() == OrganizationType.OPERATOR)
                .orElseThrow(() -> QuanyunException.invalid(List.of(new Violation("operatorId",
                        "须为运营单位 (must be an operator)"))));
        Inspection inspection = Inspection.open(actor.organizationId(), operator.id(), operator.name(),
                command.scope().trim(), actor.username(), clock.instant());
        inspections.save(inspection);
        audit.record(AuditEvent.success(action, "inspection", inspection.id()).with("operator", operator.id()));
        return inspection.view();
    }

    /** Inspections: supervisors see all; the operator inspected sees its own (it knows it is inspected). */
    @Transactional(readOnly = true)
    public List<InspectionView> inspections() {
        Actor actor = Actors.current();
        requireSignedIn(actor);
        List<Inspection> all = inspections.findAllByOrderByOpenedAtDesc();
        if (supervises(actor)) {
            return all.stream().map(Inspection::view).toList();
        }
        if (isOperatorMember(actor)) {
            return all.stream().filter(i -> actor.belongsTo(i.operatorId())).map(Inspection::view).toList();
        }
        throw refuse(ErrorCode.FORBIDDEN, "supervision.inspection.list", "inspection", null, "not involved");
    }

    @Transactional(readOnly = true)
    public InspectionView inspection(UUID id) {
        Actor actor = Actors.current();
        requireSignedIn(actor);
        Inspection inspection = load(id);
        if (!supervises(actor) && !(isOperatorMember(actor) && actor.belongsTo(inspection.operatorId()))) {
            throw QuanyunException.notFound("inspection", id);
        }
        return inspection.view();
    }

    /**
     * What the open inspection shows of the operator: workspaces' metadata, query history, exports and products,
     * never raw data. Only the inspecting authority (its administrators), the city authority and auditors; the
     * reading is audited.
     */
    @Transactional
    public InspectionRecords inspectionRecords(UUID id) {
        Inspection inspection = inspector(id, "supervision.inspection.read");
        inspection.requireOpen();
        UUID operator = inspection.operatorId();
        InspectionRecords result = new InspectionRecords(id, operator, records.workspaces(operator),
                records.queries(operator, 500), records.exports(operator), records.operatorProducts(operator));
        audit.record(AuditEvent.success("supervision.inspection.read", "inspection", id).with("operator", operator));
        return result;
    }

    /** An inspector records a finding. */
    @Transactional
    public InspectionView recordFinding(UUID id, @Nullable String note) {
        Inspection inspection = inspector(id, "supervision.inspection.finding");
        Violations.create().check(notBlank(note, 4000), "note", "发现问题必填 (the finding is required)").throwIfAny();
        inspection.find(note.trim(), Actors.current().username(), clock.instant());
        inspections.save(inspection);
        audit.record(AuditEvent.success("supervision.inspection.finding", "inspection", id));
        return inspection.view();
    }

    /** The inspecting authority closes the inspection with a conclusion. */
    @Transactional
    public InspectionView closeInspection(UUID id, @Nullable String conclusion) {
        Inspection inspection = inspector(id, "supervision.inspection.close");
        Violations.create().check(notBlank(conclusion, 4000), "conclusion", "检查结论必填 (the conclusion is required)")
                .throwIfAny();
        inspection.close(conclusion.trim(), clock.instant());
        inspections.save(inspection);
        audit.record(AuditEvent.success("supervision.inspection.close", "inspection", id));
        return inspection.view();
    }

    private Inspection inspector(UUID id, String action) {
        Actor actor = Actors.current();
        Inspection inspection = load(id);
        boolean allowed = actor.isSystem() || actor.has(Role.AUDITOR) || isCityAuthority(actor)
                || isAuthority(actor) && actor.belongsTo(inspection.authorizerId());
        if (!allowed) {
            throw refuse(ErrorCode.FORBIDDEN, action, "inspection", id, "not the inspecting authority");
        }
        return inspection;
    }

    private Inspection load(UUID id) {
        return inspections.findById(id).orElseThrow(() -> QuanyunException.notFound("inspection", id));
    }

    // ================================================================ helpers

    private UUID operatorFor(Actor actor, @Nullable UUID operatorId, String action) {
        requireSignedIn(actor);
        if (isOperatorMember(actor)) {
            if (operatorId != null && !actor.belongsTo(operatorId)) {
                throw refuse(ErrorCode.FORBIDDEN, action, "organization", operatorId, "not the own organization");
            }
            return actor.organizationId();
        }
        if (supervises(actor) && operatorId != null) {
            return operatorId;
        }
        throw refuse(ErrorCode.FORBIDDEN, action, "organization", operatorId, "name an operator");
    }

    private ReportingPeriod period(@Nullable String label) {
        return label == null || label.isBlank() ? lastFinished()
                : ReportingPeriod.parse(label, settings.reportPeriodMonths(), settings.reportGraceDays());
    }

    private ReportingPeriod lastFinished() {
        return ReportingPeriod.lastFinished(today(), settings.reportPeriodMonths(), settings.reportGraceDays());
    }

    private boolean isCityAuthority(Actor actor) {
        return isAuthority(actor) && identity.describe(actor.organizationId())
                .map(o -> o.authorityLevel() == AuthorityLevel.CITY).orElse(false);
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(Zones.SHANGHAI));
    }

    private QuanyunException refuse(ErrorCode code, String action, String objectType, @Nullable Object objectId,
            String reason) {
        return SupervisionRoles.refuse(audit, code, action, objectType, objectId, reason);
    }
}
