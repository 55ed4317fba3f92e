package io.quanyun.authorization;

import java.time.Clock;
import java.time.Instant;
import java.time.Year;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.audit.Sm3;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Role;
import io.quanyun.shared.Violations;
import io.quanyun.shared.Zones;

/**
 * Agreements (Art. 8(4)-(5), 9): versioned templates with the eight clauses, agreements rendered as PDF and
 * signed in order (operator, then authorizer) with the SM3 hash of the rendered document, expiry at the end
 * of the term, early termination, and the filing report.
 */
@Service
public class AgreementManagement {

    static final String DOCUMENTS = "agreements";

    private final AgreementTemplates templates;
    private final Agreements agreements;
    private final Calls calls;
    private final PdfDocuments pdf;
    private final DocumentStore store;
    private final IdentityManagement identity;
    private final AuditTrail audit;
    private final Refusals refusals;
    private final JdbcClient jdbc;
    private final Clock clock;

    AgreementManagement(AgreementTemplates templates, Agreements agreements, Calls calls, PdfDocuments pdf,
            DocumentStore store, IdentityManagement identity, AuditTrail audit, Refusals refusals, JdbcClient jdbc,
            Clock clock) {
        this.templates = templates;
        this.agreements = agreements;
        this.calls = calls;
        this.pdf = pdf;
        this.store = store;
        this.identity = identity;
        this.audit = audit;
        this.refusals = refusals;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- templates

    /** Publishes a new template version (the authority); the previous current version is superseded. */
    @Transactional
    public TemplateView createTemplate(CreateTemplate command) {
        return refusals.guard("authorization.template.create", "template", null, () -> {
            Actor actor = Actors.current();
            if (!actor.isSystem() && !actor.has(Role.AUTHORITY_ADMIN)) {
                throw Refusals.forbidden("Only the authority keeps agreement templates", "template", null);
            }
            int next = templates.findAllByOrderByTemplateVersionDesc().stream().findFirst()
                    .map(t -> t.templateVersion() + 1).orElse(1);
            AgreementTemplate template = AgreementTemplate.create(next, command.title(), command.clauses(),
                    actor.username(), clock.instant());
            templates.findByState(TemplateState.CURRENT).ifPresent(current -> {
                current.supersede();
                templates.save(current);
            });
            templates.save(template);
            audit.record(AuditEvent.success("authorization.template.create", "template", template.id())
                    .with("templateVersion", next));
            return template.view();
        });
    }

    @Transactional(readOnly = true)
    public List<TemplateView> templates() {
        return templates.findAllByOrderByTemplateVersionDesc().stream().map(AgreementTemplate::view).toList();
    }

    AgreementTemplate currentTemplateOrRefuse() {
        return templates.findByState(TemplateState.CURRENT).orElseThrow(() -> new QuanyunException(
                ErrorCode.NO_CURRENT_TEMPLATE, "Publish an agreement template first"));
    }

    // ---------------------------------------------------------------- generation

    /** Generates, renders and stores the agreement for an awarded application; returns its id. */
    UUID generate(Call call, Application application, AgreementTemplate template, Instant now) {
        UUID id = UUID.randomUUID();
        String number = "JNSQ-" + Year.from(now.atZone(Zones.SHANGHAI)) + "-"
                + id.toString().substring(0, 8).toUpperCase(Locale.ROOT);
        String scope = scopeText(call);
        byte[] document = pdf.agreement(new PdfDocuments.AgreementContent(number, call.title(), call.mode(),
                application.organizationName(), application.legalRepresentative(), call.authorizerName(), scope,
                call.termMonths(), template.title(), template.templateVersion(), template.clauses(), now));
        String name = id + ".pdf";
        store.write(DOCUMENTS, name, document);
        Agreement agreement = Agreement.generate(id, number, call.id(), application.id(), template.id(),
                template.templateVersion(), call.mode(), application.organizationId(), application.organizationName(),
                application.legalRepresentative(), call.authorizerId(), call.authorizerName(), call.termMonths(), name,
                Sm3.hex(document), now);
        agreements.save(agreement);
        audit.record(AuditEvent.success("authorization.agreement.generate", "agreement", id)
                .with("number", number).with("sm3", agreement.documentHash()).with("operator",
                        application.organizationId()));
        return id;
    }

    static String scopeText(Call call) {
        List<String> parts = new ArrayList<>();
        call.datasets().forEach(d -> parts.add(d.datasetName() + "（" + d.datasetCode() + "）"));
        call.domains().forEach(d -> parts.add("领域：" + d.name()));
        String scope = parts.isEmpty() ? "—" : String.join("、", parts);
        return call.grade() == null ? scope
                : scope + "（分级授权，授权级别：" + Grades.labelZh(call.grade()) + "及以下）";
    }

    // ---------------------------------------------------------------- agreements

    /** The agreements the actor may see: its own as operator or authorizer; all for authorities and auditors. */
    @Transactional(readOnly = true)
    public List<AgreementView> agreements() {
        Actor actor = Actors.current();
        return agreements.findAllByOrderByGeneratedAtDesc().stream().filter(a -> maySee(actor, a))
                .map(Agreement::view).toList();
    }

    @Transactional(readOnly = true)
    public AgreementView agreement(UUID agreementId) {
        return visible(agreementId).view();
    }

    /** The rendered PDF as stored. */
    @Transactional(readOnly = true)
    public byte[] document(UUID agreementId) {
        Agreement agreement = visible(agreementId);
        return store.read(DOCUMENTS, agreement.documentName());
    }

    /** What an agreement authorizes, for the access module (no permission: the scope of a call is public). */
    @Transactional(readOnly = true)
    public AgreementScope scopeOf(UUID agreementId) {
        Agreement agreement = agreements.findById(agreementId)
                .orElseThrow(() -> QuanyunException.notFound("agreement", agreementId));
        Call call = calls.findById(agreement.callId()).orElseThrow();
        return new AgreementScope(agreementId, call.datasets(), call.domains());
    }

    private Agreement visible(UUID agreementId) {
        Actor actor = Actors.current();
        return agreements.findById(agreementId).filter(a -> maySee(actor, a))
                .orElseThrow(() -> QuanyunException.notFound("agreement", agreementId));
    }

    private static boolean maySee(Actor actor, Agreement agreement) {
        return actor.isSystem() || actor.has(Role.AUTHORITY_ADMIN) || actor.has(Role.AUDITOR)
                || actor.belongsTo(agreement.operatorId()) || actor.belongsTo(agreement.authorizerId());
    }

    /**
     * Signs as the current actor's side. The operator's administrator signs on behalf of its legal
     * representative (both are recorded); then the authorizer (the authority, or the provider for domain-specific
     * authorization). The stored PDF must still match its SM3 hash.
     */
    @Transactional
    public AgreementView sign(UUID agreementId) {
        return refusals.guard("authorization.agreement.sign", "agreement", agreementId, () -> {
            Actor actor = Actors.current();
            Agreement agreement = agreements.findById(agreementId)
                    .orElseThrow(() -> QuanyunException.notFound("agreement", agreementId));
            SigningParty party;
            String onBehalfOf;
            if (actor.has(Role.OPERATOR_ADMIN) && actor.belongsTo(agreement.operatorId())) {
                identity.requireMayOperate(agreement.operatorId(), "authorization.agreement.sign");
                party = SigningParty.OPERATOR;
                onBehalfOf = agreement.legalRepresentative();
            } else if (actor.belongsTo(agreement.authorizerId()) && (agreement.mode().providerAuthorizes()
                    ? actor.has(Role.PROVIDER_CLERK) : actor.has(Role.AUTHORITY_ADMIN))) {
                party = SigningParty.AUTHORIZER;
                onBehalfOf = agreement.authorizerName();
            } else {
                throw Refusals.forbidden("Only the operator's administrator or the authorizer signs agreement "
                        + agreement.number(), "agreement", agreementId);
            }
            String current = Sm3.hex(store.read(DOCUMENTS, agreement.documentName()));
            String signerName = identity.me().displayName();
            agreement.sign(party, actor.userId(), signerName, onBehalfOf, actor.organizationId(), current,
                    clock.instant());
            agreements.save(agreement);
            audit.record(AuditEvent.success("authorization.agreement.sign", "agreement", agreementId)
                    .with("party", party).with("onBehalfOf", onBehalfOf).with("sm3", current)
                    .with("state", agreement.state()));
            return agreement.view();
        });
    }

    /** Checks a presented PDF against the hash the agreement was generated and signed with. */
    @Transactional(readOnly = true)
    public Verification verify(UUID agreementId, byte[] presented) {
        Agreement agreement = visible(agreementId);
        String hash = Sm3.hex(presented);
        return new Verification(hash.equals(agreement.documentHash()), agreement.documentHash(), hash,
                agreement.view().signatures());
    }

    /** Terminates an active agreement early, by its authorizer, with a reason. */
    @Transactional
    public AgreementView terminate(UUID agreementId, @Nullable String reason) {
        return refusals.guard("authorization.agreement.terminate", "agreement", agreementId, () -> {
            Actor actor = Actors.current();
            Agreement agreement = agreements.findById(agreementId)
                    .orElseThrow(() -> QuanyunException.notFound("agreement", agreementId));
            boolean authorizer = actor.belongsTo(agreement.authorizerId()) && (agreement.mode().providerAuthorizes()
                    ? actor.has(Role.PROVIDER_CLERK) : actor.has(Role.AUTHORITY_ADMIN));
            if (!actor.isSystem() && !authorizer) {
                throw Refusals.forbidden("Only the authorizer terminates agreement " + agreement.number(),
                        "agreement", agreementId);
            }
            agreement.terminate(reason, clock.instant());
            agreements.save(agreement);
            audit.record(AuditEvent.success("authorization.agreement.terminate", "agreement", agreementId)
                    .with("reason", reason));
            return agreement.view();
        });
    }

    /** Whether the current actor is the authorizer who may terminate the agreement now (the page offers the form). */
    @Transactional(readOnly = true)
    public boolean mayTerminate(UUID agreementId) {
        Actor actor = Actors.current();
        return agreements.findById(agreementId).filter(a -> a.state() == AgreementState.ACTIVE)
                .map(agreement -> actor.belongsTo(agreement.authorizerId()) && (agreement.mode().providerAuthorizes()
                        ? actor.has(Role.PROVIDER_CLERK) : actor.has(Role.AUTHORITY_ADMIN)))
                .orElse(false);
    }

    /**
     * Expires every active agreement whose term has ended (the daily job, and the authority's command). Each
     * publishes {@link AgreementExpired}; the records stay readable.
     */
    @Transactional
    public List<AgreementView> expireDue() {
        return refusals.guard("authorization.agreement.expire", "agreement", null, () -> {
            Actor actor = Actors.current();
            if (!actor.isSystem() && !actor.has(Role.AUTHORITY_ADMIN)) {
                throw Refusals.forbidden("Only the authority or the platform's job expires agreements", "agreement",
                        null);
            }
            Instant now = clock.instant();
            List<AgreementView> expired = new ArrayList<>();
            for (Agreement agreement : agreements.findByState(AgreementState.ACTIVE)) {
                if (agreement.isDueToExpireAt(now)) {
                    agreement.expire(now);
                    agreements.save(agreement);
                    audit.record(AuditEvent.success("authorization.agreement.expire", "agreement", agreement.id())
                            .with("number", agreement.number()));
                    expired.add(agreement.view());
                }
            }
            return expired;
        });
    }

    List<Task> signingTasks(Actor actor) {
        List<Task> tasks = new ArrayList<>();
        for (Agreement agreement : agreements.findAllByOrderByGeneratedAtDesc()) {
            if (turnToSign(agreement, actor)) {
                tasks.add(new Task("协议 " + agreement.number() + " 待您签署", "/authorization/agreements/"
                        + agreement.id()));
            }
        }
        return tasks;
    }

    /** Whether the current actor is the one to sign the agreement next (the console shows the button then). */
    @Transactional(readOnly = true)
    public boolean isTurnToSign(UUID agreementId) {
        return agreements.findById(agreementId).map(agreement -> turnToSign(agreement, Actors.current()))
                .orElse(false);
    }

    private static boolean turnToSign(Agreement agreement, Actor actor) {
        boolean operatorTurn = agreement.state() == AgreementState.AWAITING_OPERATOR_SIGNATURE
                && actor.has(Role.OPERATOR_ADMIN) && actor.belongsTo(agreement.operatorId());
        boolean authorizerTurn = agreement.state() == AgreementState.AWAITING_AUTHORIZER_SIGNATURE
                && actor.belongsTo(agreement.authorizerId())
                && (agreement.mode().providerAuthorizes() ? actor.has(Role.PROVIDER_CLERK)
                        : actor.has(Role.AUTHORITY_ADMIN));
        return operatorTurn || authorizerTurn;
    }

    // ---------------------------------------------------------------- filing

    /** The summary report for {@code [from, to)}, for the authority, auditors and the government. */
    @Transactional(readOnly = true)
    public FilingReport filing(@Nullable Instant from, @Nullable Instant to) {
        return refusals.guard("authorization.filing.report", "filing", null, () -> {
            Actor actor = Actors.current();
            if (!actor.isSystem() && !actor.has(Role.AUTHORITY_ADMIN) && !actor.has(Role.AUDITOR)
                    && !actor.has(Role.GOVERNMENT_OFFICER)) {
                throw Refusals.forbidden("Filing reports are for the authority, auditors and the government",
                        "filing", null);
            }
            Violations.create().check(from != null && to != null && from.isBefore(to), "to",
                    "统计期间无效 (the period must end after it starts)").throwIfAny();
            FilingReport report = report(from, to);
            audit.recordIndependently(AuditEvent.success("authorization.filing.report", "filing",
                    from + "/" + to).with("calls", report.callsPublished()));
            return report;
        });
    }

    @Transactional(readOnly = true)
    public byte[] filingDocument(@Nullable Instant from, @Nullable Instant to) {
        return pdf.filing(filing(from, to));
    }

    private FilingReport report(Instant from, Instant to) {
        java.sql.Timestamp f = java.sql.Timestamp.from(from);
        java.sql.Timestamp t = java.sql.Timestamp.from(to);
        long callsPublished = count("select count(*) from authorization_call where published_at >= :f and published_at < :t", f, t);
        long applications = count("select count(*) from authorization_application where submitted_at >= :f and submitted_at < :t", f, t);
        long generated = count("select count(*) from authorization_agreement where generated_at >= :f and generated_at < :t", f, t);
        long activated = count("select count(*) from authorization_agreement where activated_at >= :f and activated_at < :t", f, t);
        long expired = count("select count(*) from authorization_agreement where state = 'EXPIRED' and ended_at >= :f and ended_at < :t", f, t);
        long terminated = count("select count(*) from authorization_agreement where state = 'TERMINATED' and ended_at >= :f and ended_at < :t", f, t);
        Map<ApplicationState, Long> applicationStates = new EnumMap<>(ApplicationState.class);
        jdbc.sql("select a.state, count(*) n from authorization_application a join authorization_call c on c.id = a.call_id "
                + "where c.published_at >= :f and c.published_at < :t group by a.state")
                .param("f", f).param("t", t)
                .query((rs, n) -> applicationStates.put(ApplicationState.valueOf(rs.getString(1)), rs.getLong(2)))
                .list();
        Map<AgreementState, Long> agreementStates = new EnumMap<>(AgreementState.class);
        jdbc.sql("select g.state, count(*) n from authorization_agreement g join authorization_call c on c.id = g.call_id "
                + "where c.published_at >= :f and c.published_at < :t group by g.state")
                .param("f", f).param("t", t)
                .query((rs, n) -> agreementStates.put(AgreementState.valueOf(rs.getString(1)), rs.getLong(2)))
                .list();
        List<FilingReport.CallLine> callLines = jdbc.sql("select c.id, c.title, c.mode, c.state, "
                + "(select count(*) from authorization_application a where a.call_id = c.id) apps, "
                + "(select count(*) from authorization_application a where a.call_id = c.id and a.state = 'AWARDED') awarded "
                + "from authorization_call c where c.published_at >= :f and c.published_at < :t order by c.published_at")
                .param("f", f).param("t", t)
                .query((rs, n) -> new FilingReport.CallLine(rs.getObject(1, UUID.class), rs.getString(2),
                        CallMode.valueOf(rs.getString(3)), CallState.valueOf(rs.getString(4)), rs.getLong(5),
                        rs.getLong(6)))
                .list();
        List<FilingReport.AgreementLine> agreementLines = jdbc.sql("select g.id, g.number, g.operator_name, "
                + "g.authorizer_name, g.state, g.activated_at, g.ends_at from authorization_agreement g "
                + "join authorization_call c on c.id = g.call_id where c.published_at >= :f and c.published_at < :t "
                + "order by g.number")
                .param("f", f).param("t", t)
                .query((rs, n) -> new FilingReport.AgreementLine(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getString(3), rs.getString(4), AgreementState.valueOf(rs.getString(5)),
                        instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7))))
                .list();
        return new FilingReport(from, to, clock.instant(), callsPublished, applications, generated, activated,
                expired, terminated, applicationStates, agreementStates, callLines, agreementLines);
    }

    private long count(String sql, java.sql.Timestamp from, java.sql.Timestamp to) {
        return jdbc.sql(sql).param("f", from).param("t", to).query(Long.class).single();
    }

    private static @Nullable Instant instant(java.sql.@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** For the console: agreement ids by state (unused states omitted). */
    static Map<AgreementState, Long> countByState(List<AgreementView> views) {
        return views.stream().collect(Collectors.groupingBy(AgreementView::state, () -> new EnumMap<>(AgreementState.class),
                Collectors.counting()));
    }
}
