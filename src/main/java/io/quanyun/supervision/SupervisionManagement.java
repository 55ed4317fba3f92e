package io.quanyun.supervision;

import static io.quanyun.supervision.SupervisionRoles.isAuthority;
import static io.quanyun.supervision.SupervisionRoles.isOperatorMember;
import static io.quanyun.supervision.SupervisionRoles.notBlank;
import static io.quanyun.supervision.SupervisionRoles.requireSignedIn;
import static io.quanyun.supervision.SupervisionRoles.supervises;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
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
 * The supervision module's facade (Art. 14 to 18). Every method checks the current actor's permission here,
 * writes the audit log in the same transaction, and publishes its events in that transaction too, so that
 * access suspends at once when an order is issued. Who may do what:
 * <ul>
 * <li>authority administrators record drills, issue and decide rectification orders (as authorizer), run
 * evaluations and tune monitoring rules; the city authority and auditors read everything;</li>
 * <li>an operator administrator records its own staff's training, submits rectification evidence and answers
 * its evaluation result; operator members read only their own organization's items, never alerts;</li>
 * <li>experts score evaluations.</li>
 * </ul>
 */
@Service
public class SupervisionManagement {

    private static final Set<AlertState> UNRESOLVED = Set.of(AlertState.OPEN, AlertState.ACKNOWLEDGED);

    private final TrainingRecords trainings;
    private final Drills drills;
    private final RectificationOrders orders;
    private final EvaluationCampaigns campaigns;
    private final MonitoringRules rules;
    private final Alerts alerts;
    private final ActivityRules activity;
    private final IdentityManagement identity;
    private final AuditTrail audit;
    private final Clock clock;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final SupervisionSettings settings;
    private final Path evidenceDirectory;
    private final EvaluationEvidencing evidencing;

    SupervisionManagement(TrainingRecords trainings, Drills drills, RectificationOrders orders,
            EvaluationCampaigns campaigns, MonitoringRules rules, Alerts alerts, ActivityRules activity,
            IdentityManagement identity, AuditTrail audit, Clock clock, JdbcClient jdbc,
            ApplicationEventPublisher events, SupervisionSettings settings, EvaluationEvidencing evidencing,
            @Value("${quanyun.data-dir}") String dataDirectory) {
        this.evidencing = evidencing;
        this.trainings = trainings;
        this.drills = drills;
        this.orders = orders;
        this.campaigns = campaigns;
        this.rules = rules;
        this.alerts = alerts;
        this.activity = activity;
        this.identity = identity;
        this.audit = audit;
        this.clock = clock;
        this.jdbc = jdbc;
        this.events = events;
        this.settings = settings;
        this.evidenceDirectory = Path.of(dataDirectory).resolve("supervision").resolve("training-evidence");
    }

    // ================================================================ training (Art. 15, 16)

    /**
     * Records a person's pre-job security training. An operator administrator records its own staff; an
     * authority administrator records any operator's staff. The person must belong to an operator.
     */
    @Transactional
    public TrainingView recordTraining(RecordTraining command) {
        Actor actor = Actors.current();
        String action = "supervision.training.record";
        if (!actor.isSystem() && !isAuthority(actor) && !actor.has(Role.OPERATOR_ADMIN)) {
            throw refuse(ErrorCode.FORBIDDEN, action, "training", null, "needs an operator or authority admin");
        }
        Violations violations = Violations.create()
                .check(command.userId() != null, "userId", "人员必填 (the person is required)")
                .check(notBlank(command.course(), 200), "course", "课程必填，最多200字 (course, up to 200 characters)")
                .check(command.trainedOn() != null, "trainedOn", "培训日期必填 (training date is required)")
                .check(command.result() != null, "result", "结果必填 (result is required)")
                .check(command.validUntil() != null, "validUntil", "有效期必填 (validity is required)");
        if (command.trainedOn() != null && command.validUntil() != null) {
            violations.check(!command.validUntil().isBefore(command.trainedOn()), "validUntil",
                    "有效期不得早于培训日期 (validity cannot end before the training)");
            violations.check(!command.trainedOn().isAfter(today()), "trainedOn",
                    "培训日期不得晚于今天 (the training cannot lie in the future)");
        }
        violations.throwIfAny();
        UserView person = operatorStaff(actor, command.userId(), action);
        TrainingRecord record = TrainingRecord.record(person.organizationId(), person.id(), person.username(),
                command.course().trim(), command.trainedOn(), command.result(), command.validUntil(),
                actor.username(), clock.instant());
        trainings.save(record);
        audit.record(AuditEvent.success(action, "training", record.id()).with("user", person.username())
                .with("result", command.result()).with("validUntil", command.validUntil()));
        return record.view(today());
    }

    /** Training records: all for authorities, auditors and the platform; the own organization's for operators. */
    @Transactional(readOnly = true)
    public List<TrainingView> trainings() {
        Actor actor = Actors.current();
        requireSignedIn(actor);
        LocalDate today = today();
        if (supervises(actor)) {
            return trainings.findAllByOrderByTrainedOnDesc().stream().map(r -> r.view(today)).toList();
        }
        if (isOperatorMember(actor)) {
            return trainings.findByOrganizationIdOrderByTrainedOnDesc(actor.organizationId()).stream()
                    .map(r -> r.view(today)).toList();
        }
        throw refuse(ErrorCode.FORBIDDEN, "supervision.training.list", "training", null, "not a supervisor");
    }

    /** One training record, if the current actor may see it. */
    @Transactional(readOnly = true)
    public TrainingView training(UUID id) {
        return readableTraining(id, "supervision.training.read").view(today());
    }

    /**
     * Attaches the evidence file (a certificate, an attendance sheet) to a training record, stored under the
     * data directory with its SHA-256; at most {@link SupervisionSettings#evidenceMaxBytes()} bytes. Replaces an
     * earlier file.
     */
    @Transactional
    public TrainingView attachTrainingEvidence(UUID id, String fileName, InputStream content) {
        Actor actor = Actors.current();
        String action = "supervision.training.evidence";
        TrainingRecord record = trainings.findById(id).orElseThrow(() -> QuanyunException.notFound("training", id));
        if (!actor.isSystem() && !isAuthority(actor)
                && !(actor.has(Role.OPERATOR_ADMIN) && actor.belongsTo(record.organizationId()))) {
            throw refuse(ErrorCode.FORBIDDEN, action, "training", id, "not the person's operator or an authority");
        }
        String name = cleanFileName(fileName);
        Path target = evidenceDirectory.resolve(id.toString());
        long size;
        String sha256;
        try {
            Files.createDirectories(evidenceDirectory);
            Path staging = Files.createTempFile(evidenceDirectory, "upload-", ".part");
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                try (OutputStream out = new DigestOutputStream(Files.newOutputStream(staging), digest)) {
                    size = copyAtMost(content, out, settings.evidenceMaxBytes());
                }
                if (size < 0) {
                    throw refuse(ErrorCode.EVIDENCE_TOO_LARGE, action, "training", id,
                            "larger than " + settings.evidenceMaxBytes() + " bytes");
                }
                if (size == 0) {
                    throw QuanyunException.invalid(List.of(new Violation("file", "文件为空 (the file is empty)")));
                }
                sha256 = HexFormat.of().formatHex(digest.digest());
                Files.move(staging, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(staging);
            }
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("could not store the evidence of training " + id, e);
        }
        record.attachEvidence(name, sha256, size);
        trainings.save(record);
        audit.record(AuditEvent.success(action, "training", id).with("file", name).with("sha256", sha256)
                .with("size", size));
        return record.view(today());
    }

    /** The stored evidence file of a training record the current actor may see. */
    @Transactional(readOnly = true)
    public EvidenceFile trainingEvidence(UUID id) {
        TrainingRecord record = readableTraining(id, "supervision.training.evidence.read");
        Path file = evidenceDirectory.resolve(id.toString());
        if (record.evidenceName() == null || !Files.isRegularFile(file)) {
            throw QuanyunException.notFound("training evidence", id);
        }
        return new EvidenceFile(record.evidenceName(), file);
    }

    /**
     * Whether the person has valid security training today (Art. 16): a passed course, taken, whose validity
     * has not ended. For the sandbox (workspace membership) and products (credentials); needs no permission.
     */
    @Transactional(readOnly = true)
    public boolean hasValidTraining(UUID userId) {
        return validTrainingUntil(userId).isPresent();
    }

    /** The last day of the person's valid training, or empty when the person has none today. */
    @Transactional(readOnly = true)
    public Optional<LocalDate> validTrainingUntil(UUID userId) {
        LocalDate today = today();
        return trainings.findByUserId(userId).stream().filter(r -> r.isValidOn(today))
                .map(TrainingRecord::validUntil).max(LocalDate::compareTo);
    }

    /**
     * Announces {@link TrainingLapsed} for every person whose training validity ended and who holds no other
     * valid training; runs daily, and tests call it. Returns the people announced.
     */
    @Transactional
    public List<UUID> detectLapsedTrainings() {
        LocalDate today = today();
        Map<UUID, List<TrainingRecord>> ended = trainings.findByLapseNotifiedFalse().stream()
                .filter(r -> r.validUntil().isBefore(today))
                .collect(Collectors.groupingBy(TrainingRecord::userId, LinkedHashMap::new, Collectors.toList()));
        List<UUID> lapsed = new ArrayList<>();
        ended.forEach((userId, records) -> {
            records.forEach(TrainingRecord::lapseNotified);
            trainings.saveAll(records);
            if (!hasValidTraining(userId)) {
                TrainingRecord latest = records.stream()
                        .max(java.util.Comparator.comparing(TrainingRecord::validUntil)).orElseThrow();
                audit.record(new AuditEvent(Actor.system(), "supervision.training.lapse", "user", userId.toString(),
                        io.quanyun.audit.Outcome.SUCCESS, null, Map.of("validUntil", latest.validUntil().toString())));
                events.publishEvent(new TrainingLapsed(userId, latest.organizationId(), latest.validUntil()));
                lapsed.add(userId);
            }
        });
        return lapsed;
    }

    // ================================================================ drills (Art. 15)

    /** An authority administrator records an emergency drill it held with an operator. */
    @Transactional
    public DrillView recordDrill(RecordDrill command) {
        Actor actor = Actors.current();
        String action = "supervision.drill.record";
        requireAuthority(actor, action, "drill", null);
        Violations.create()
                .check(command.operatorId() != null, "operatorId", "运营单位必填 (operator is required)")
                .check(notBlank(command.scenario(), 1000), "scenario", "演练场景必填 (scenario is required)")
                .check(command.heldOn() != null && !command.heldOn().isAfter(today()), "heldOn",
                        "演练日期必填且不得晚于今天 (date required, not in the future)")
                .check(notBlank(command.participants(), 2000), "participants", "参与人员必填 (participants)")
                .check(notBlank(command.findings(), 4000), "findings", "发现问题必填 (findings)")
                .check(notBlank(command.followUpActions(), 4000), "followUpActions", "后续措施必填 (follow-up)")
                .throwIfAny();
        requireOperator(command.operatorId());
        Drill drill = Drill.record(authorizerOf(actor), command, actor.username(), clock.instant());
        drills.save(drill);
        audit.record(AuditEvent.success(action, "drill", drill.id()).with("operator", command.operatorId()));
        return drill.view();
    }

    /** Drills: all for supervisors; the own organization's for operator members. */
    @Transactional(readOnly = true)
    public List<DrillView> drills() {
        Actor actor = Actors.current();
        requireSignedIn(actor);
        List<Drill> all = drills.findAllByOrderByHeldOnDesc();
        if (supervises(actor)) {
            return all.stream().map(Drill::view).toList();
        }
        if (isOperatorMember(actor)) {
            return all.stream().filter(d -> actor.belongsTo(d.operatorId())).map(Drill::view).toList();
        }
        throw refuse(ErrorCode.FORBIDDEN, "supervision.drill.list", "drill", null, "not a supervisor");
    }

    // ================================================================ rectification (Art. 18)

    /**
     * An authority administrator (the authorizer) orders an operator to rectify, with a reason, content and
     * deadline. Publishes {@link RectificationOrdered} in this transaction: access suspends at once.
     */
    @Transactional
    public RectificationView issueRectification(IssueRectification command) {
        Actor actor = Actors.current();
        String action = "supervision.rectification.issue";
        requireAuthority(actor, action, "rectification", null);
        Violations.create()
                .check(command.operatorId() != null, "operatorId", "运营单位必填 (operator is required)")
                .check(notBlank(command.reason(), 2000), "reason", "整改原因必填 (reason is required)")
                .check(notBlank(command.content(), 4000), "content", "整改内容必填 (content is required)")
                .check(command.deadline() != null, "deadline", "整改期限必填 (deadline is required)")
                .throwIfAny();
        requireOperator(command.operatorId());
        Instant now = clock.instant();
        RectificationOrder order = RectificationOrder.issueDirectly(authorizerOf(actor), command.operatorId(),
                command.reason().trim(), command.content().trim(), command.deadline(), actor.username(), now);
        return save(order, action, Map.of("operator", command.operatorId().toString(), "deadline",
                command.deadline().toString()));
    }

    /** The authorizer completes a proposed order (from a failed evaluation) with content and deadline, and issues it. */
    @Transactional
    public RectificationView issueProposedRectification(UUID orderId, IssueRectification command) {
        String action = "supervision.rectification.issue";
        RectificationOrder order = asAuthorizer(orderId, action);
        Violations.create()
                .check(notBlank(command.content(), 4000), "content", "整改内容必填 (content is required)")
                .check(command.deadline() != null, "deadline", "整改期限必填 (deadline is required)")
                .throwIfAny();
        order.issue(command.content().trim(), command.deadline(), Actors.current().username(), clock.instant());
        return save(order, action, Map.of("deadline", command.deadline().toString()));
    }

    /** The authorizer decides not to issue a proposed order. */
    @Transactional
    public RectificationView discardRectification(UUID orderId, @Nullable String note) {
        String action = "supervision.rectification.discard";
        RectificationOrder order = asAuthorizer(orderId, action);
        requireNote(note);
        order.discard(note.trim(), Actors.current().username(), clock.instant());
        return save(order, action, Map.of());
    }

    /** The operator's administrator reports completion with evidence, before the deadline. */
    @Transactional
    public RectificationView submitRectification(UUID orderId, @Nullable String evidence) {
        Actor actor = Actors.current();
        String action = "supervision.rectification.submit";
        RectificationOrder order = orders.findById(orderId)
                .orElseThrow(() -> QuanyunException.notFound("rectification", orderId));
        if (!(actor.has(Role.OPERATOR_ADMIN) && actor.belongsTo(order.operatorId()))
                || order.state() == RectificationState.PROPOSED || order.state() == RectificationState.DISCARDED) {
            throw refuse(ErrorCode.FORBIDDEN, action, "rectification", orderId, "not the ordered operator's admin");
        }
        Violations.create().check(notBlank(evidence, 4000), "evidence", "整改证明必填 (evidence is required)")
                .throwIfAny();
        order.submit(evidence.trim(), actor.username(), clock.instant());
        return save(order, action, Map.of());
    }

    /** The authorizer accepts the rectification; publishes {@link RectificationAccepted} (access restored). */
    @Transactional
    public RectificationView acceptRectification(UUID orderId, @Nullable String note) {
        String action = "supervision.rectification.accept";
        RectificationOrder order = asAuthorizer(orderId, action);
        requireNote(note);
        order.accept(note.trim(), Actors.current().username(), clock.instant());
        return save(order, action, Map.of());
    }

    /**
     * The authorizer rejects the evidence: the order is issued again while its deadline has not passed, and
     * fails after it ({@link RectificationFailed}).
     */
    @Transactional
    public RectificationView rejectRectification(UUID orderId, @Nullable String note) {
        String action = "supervision.rectification.reject";
        RectificationOrder order = asAuthorizer(orderId, action);
        requireNote(note);
        order.reject(note.trim(), Actors.current().username(), clock.instant());
        return save(order, action, Map.of());
    }

    /**
     * Fails every issued order whose deadline has come without a submission ({@link RectificationFailed}: the
     * agreement is to be terminated). Orders with evidence submitted in time wait for the authorizer's
     * decision. Runs every few minutes; tests call it. Returns the orders failed.
     */
    @Transactional
    public List<UUID> failOverdueRectifications() {
        Instant now = clock.instant();
        List<UUID> failed = new ArrayList<>();
        for (RectificationOrder order : orders.findByStateIn(Set.of(RectificationState.ISSUED))) {
            if (order.isOverdue(now)) {
                Actors.runAs(Actor.system(), () -> {
                    order.fail("整改期限届满未通过验收 (deadline passed without acceptance)", Actor.SYSTEM, now);
                    return save(order, "supervision.rectification.fail", Map.of());
                });
                failed.add(order.id());
            }
        }
        return failed;
    }

    /**
     * Rectification orders: all for the city authority, auditors and the platform; a district authority's
     * own; an operator member's own organization's, once issued.
     */
    @Transactional(readOnly = true)
    public List<RectificationView> rectifications() {
        Actor actor = Actors.current();
        requireSignedIn(actor);
        if (!supervises(actor) && !isOperatorMember(actor)) {
            throw refuse(ErrorCode.FORBIDDEN, "supervision.rectification.list", "rectification", null,
                    "not a supervisor or operator");
        }
        return orders.findAllByOrderByCreatedAtDesc().stream().filter(o -> maySee(actor, o))
                .map(RectificationOrder::view).toList();
    }

    /** One rectification order, if the current actor may see it (else not found). */
    @Transactional(readOnly = true)
    public RectificationView rectification(UUID id) {
        Actor actor = Actors.current();
        requireSignedIn(actor);
        return orders.findById(id).filter(o -> maySee(actor, o)).map(RectificationOrder::view)
                .orElseThrow(() -> QuanyunException.notFound("rectification", id));
    }

    // ================================================================ evaluations (Art. 17)

    /** An authority administrator opens an evaluation campaign with weighted criteria and a pass mark. */
    @Transactional
    public EvaluationView openEvaluation(OpenEvaluation command) {
        Actor actor = Actors.current();
        String action = "supervision.evaluation.open";
        requireAuthority(actor, action, "evaluation", null);
        Violations.create()
                .check(notBlank(command.name(), 200), "name", "名称必填 (name is required)")
                .check(notBlank(command.period(), 60), "period", "评估期间必填 (period is required)")
                .check(command.passMark() != null, "passMark", "及格分必填 (pass mark is required)")
                .check(command.weights() != null && !command.weights().isEmpty(), "weights",
                        "评估指标必填 (criteria are required)")
                .throwIfAny();
        EvaluationCampaign campaign = EvaluationCampaign.open(authorizerOf(actor), command.name().trim(),
                command.period().trim(), command.passMark(), new EnumMap<>(command.weights()), clock.instant());
        campaigns.save(campaign);
        audit.record(AuditEvent.success(action, "evaluation", campaign.id()).with("passMark", command.passMark()));
        return campaign.view(null);
    }

    /** An evaluator (an expert, or an administrator of the campaign's authority) scores an operator. */
    @Transactional
    public EvaluationView scoreOperator(UUID campaignId, ScoreOperator command) {
        Actor actor = Actors.current();
        String action = "supervision.evaluation.score";
        EvaluationCampaign campaign = campaigns.findById(campaignId)
                .orElseThrow(() -> QuanyunException.notFound("evaluation", campaignId));
        boolean evaluator = actor.has(Role.EXPERT)
                || (isAuthority(actor) && actor.belongsTo(campaign.authorityId()));
        if (!evaluator) {
            throw refuse(ErrorCode.FORBIDDEN, action, "evaluation", campaignId, "not an evaluator of the campaign");
        }
        Violations.create()
                .check(command.operatorId() != null, "operatorId", "运营单位必填 (operator is required)")
                .check(command.criterion() != null, "criterion", "指标必填 (criterion is required)")
                .check(command.score() != null, "score", "分数必填 (score is required)")
                .check(command.evidence() == null || command.evidence().length() <= 2000, "evidence",
                        "依据最多2000字 (evidence up to 2000 characters)")
                .throwIfAny();
        requireOperator(command.operatorId());
        campaign.score(command.operatorId(), command.criterion(), command.score(), blankToNull(command.evidence()),
                actor.username(), clock.instant());
        campaigns.save(campaign);
        audit.record(AuditEvent.success(action, "evaluation", campaignId).with("operator", command.operatorId())
                .with("criterion", command.criterion()).with("score", command.score()));
        return campaign.view(null);
    }

    /**
     * The campaign's authority closes it: each operator's result is computed; a failing operator gets a
     * proposed rectification order and {@link EvaluationFailed} is published.
     */
    @Transactional
    public EvaluationView closeEvaluation(UUID campaignId) {
        Actor actor = Actors.current();
        String action = "supervision.evaluation.close";
        EvaluationCampaign campaign = campaigns.findById(campaignId)
                .orElseThrow(() -> QuanyunException.notFound("evaluation", campaignId));
        if (!actor.isSystem() && !(isAuthority(actor) && actor.belongsTo(campaign.authorityId()))) {
            throw refuse(ErrorCode.FORBIDDEN, action, "evaluation", campaignId, "not the campaign's authority");
        }
        Instant now = clock.instant();
        List<UUID> failed = campaign.close(now);
        campaigns.save(campaign);
        evidencing.freeze(campaign);
        audit.record(AuditEvent.success(action, "evaluation", campaignId).with("failed", failed.size()));
        for (UUID operator : failed) {
            var result = campaign.resultOf(operator);
            RectificationOrder proposal = RectificationOrder.propose(campaign.authorityId(), operator, campaignId,
                    "评估未通过：得分 " + result.score() + "，及格分 " + campaign.passMark()
                            + " (failed evaluation: score below the pass mark)",
                    actor.username(), now);
            save(proposal, "supervision.rectification.propose", Map.of("operator", operator.toString()));
            events.publishEvent(new EvaluationFailed(campaignId, operator, campaign.authorityId(), proposal.id()));
        }
        return campaign.view(null);
    }

    /** The operator's administrator answers its result. */
    @Transactional
    public EvaluationView respondToEvaluation(UUID campaignId, @Nullable String response) {
        Actor actor = Actors.current();
        String action = "supervision.evaluation.respond";
        EvaluationCampaign campaign = campaigns.findById(campaignId)
                .orElseThrow(() -> QuanyunException.notFound("evaluation", campaignId));
        if (!actor.has(Role.OPERATOR_ADMIN) || actor.organizationId() == null
                || campaign.resultOf(actor.organizationId()) == null) {
            throw refuse(ErrorCode.FORBIDDEN, action, "evaluation", campaignId, "no result of the actor's operator");
        }
        Violations.create().check(notBlank(response, 4000), "response", "反馈必填 (response is required)")
                .throwIfAny();
        campaign.respond(actor.organizationId(), response.trim(), clock.instant());
        campaigns.save(campaign);
        audit.record(AuditEvent.success(action, "evaluation", campaignId));
        return campaign.view(actor.organizationId());
    }

    /** Campaigns: everything for supervisors and experts; an operator sees only its own scores and results. */
    @Transactional(readOnly = true)
    public List<EvaluationView> evaluations() {
        Actor actor = Actors.current();
        requireSignedIn(actor);
        if (supervises(actor) || actor.has(Role.EXPERT)) {
            return campaigns.findAllByOrderByCreatedAtDesc().stream().map(c -> c.view(null)).toList();
        }
        if (isOperatorMember(actor)) {
            return campaigns.findAllByOrderByCreatedAtDesc().stream().map(c -> c.view(actor.organizationId()))
                    .filter(v -> !v.scores().isEmpty() || !v.results().isEmpty()).toList();
        }
        throw refuse(ErrorCode.FORBIDDEN, "supervision.evaluation.list", "evaluation", null, "not a supervisor");
    }

    /**
     * The evidence the platform holds on an operator under evaluation, for the campaign's period, grouped under
     * its criteria: live while the campaign is open, the snapshot frozen at closing (with its SHA-256) afterwards.
     * Supervisors and experts (the evaluators) see every operator's; an operator's members only their own.
     */
    @Transactional(readOnly = true)
    public EvaluationEvidence evaluationEvidence(UUID campaignId, UUID operatorId) {
        Actor actor = Actors.current();
        requireSignedIn(actor);
        String action = "supervision.evaluation.evidence";
        EvaluationCampaign campaign = campaigns.findById(campaignId)
                .orElseThrow(() -> QuanyunException.notFound("evaluation", campaignId));
        boolean evaluator = supervises(actor) || actor.has(Role.EXPERT);
        boolean own = isOperatorMember(actor) && operatorId.equals(actor.organizationId());
        if (!evaluator && !own) {
            throw refuse(ErrorCode.FORBIDDEN, action, "evaluation", campaignId, "not an evaluator of the campaign");
        }
        requireOperator(operatorId);
        return evidencing.of(campaign, operatorId);
    }

    /** One campaign as the current actor may see it. */
    @Transactional(readOnly = true)
    public EvaluationView evaluation(UUID id) {
        return evaluations().stream().filter(v -> v.id().equals(id)).findFirst()
                .orElseThrow(() -> QuanyunException.notFound("evaluation", id));
    }

    // ================================================================ monitoring and early warning (Art. 15)

    /** The monitoring rules, for supervisors. */
    @Transactional(readOnly = true)
    public List<RuleView> monitoringRules() {
        requireSupervisor(Actors.current(), "supervision.rule.list");
        return rules.findAllByOrderByCode().stream().map(MonitoringRule::view).toList();
    }

    /** An authority administrator tunes a rule: severity, threshold, window, enabled, suspension. */
    @Transactional
    public RuleView tuneRule(MonitoringRuleCode code, TuneRule command) {
        Actor actor = Actors.current();
        String action = "supervision.rule.tune";
        requireAuthority(actor, action, "monitoring-rule", code);
        MonitoringRule rule = rules.findById(code).orElseThrow(() -> QuanyunException.notFound("monitoring-rule", code));
        rule.tune(command, clock.instant());
        rules.save(rule);
        audit.record(AuditEvent.success(action, "monitoring-rule", code).with("severity", command.severity())
                .with("threshold", command.threshold()).with("windowMinutes", command.windowMinutes())
                .with("enabled", command.enabled()).with("suspendOnCritical", command.suspendOnCritical()));
        return rule.view();
    }

    /**
     * Evaluates the rules over the audit entries appended since the last evaluation, raises alerts (or adds to
     * an unresolved one of the same rule and subject) and publishes {@link CriticalAlertRaised} for critical
     * ones. Runs every minute; tests call it. Returns the alerts raised or updated.
     */
    @Transactional
    public List<AlertView> evaluateMonitoring() {
        long cursor = jdbc.sql("select last_seq from monitoring_cursor where id = 1 for update").query(Long.class)
                .single();
        List<MonitoringRule> enabled = rules.findAllByOrderByCode();
        List<AlertView> touched = new ArrayList<>();
        long last = cursor;
        while (true) {
            ActivityRules.Evaluation evaluation = activity.evaluate(enabled, last, settings.monitoringBatch());
            if (evaluation.entriesRead() == 0) {
                break;
            }
            Instant now = clock.instant();
            for (ActivityRules.Match match : evaluation.matches()) {
                touched.add(raise(match, enabled, now));
            }
            last = evaluation.lastSeq();
        }
        if (last != cursor) {
            jdbc.sql("update monitoring_cursor set last_seq = :seq where id = 1").param("seq", last).update();
        }
        return touched;
    }

    private AlertView raise(ActivityRules.Match match, List<MonitoringRule> all, Instant now) {
        MonitoringRule rule = all.stream().filter(r -> r.code() == match.rule()).findFirst().orElseThrow();
        Optional<Alert> existing = alerts.findFirstByRuleCodeAndSubjectAndStateIn(match.rule(), match.subject(),
                UNRESOLVED);
        Alert alert;
        if (existing.isPresent()) {
            alert = existing.get();
            alert.matchedAgain(match.occurrences(), match.lastSeq(), match.detail(), now);
            alerts.save(alert);
            return alert.view();
        }
        alert = Alert.raise(match.rule(), rule.severity(), match.subject(), match.organizationId(),
                match.occurrences(), match.firstSeq(), match.lastSeq(), match.detail(), now);
        alerts.save(alert);
        audit.record(new AuditEvent(Actor.system(), "supervision.alert.raise", "alert", alert.id().toString(),
                io.quanyun.audit.Outcome.SUCCESS, null,
                Map.of("rule", match.rule().name(), "subject", match.subject(), "severity", rule.severity().name())));
        if (rule.severity() == Severity.CRITICAL) {
            events.publishEvent(new CriticalAlertRaised(alert.id(), match.organizationId(), match.userId(),
                    match.rule(), rule.suspends()));
        }
        return alert.view();
    }

    /** Alerts, newest first, for supervisors (operators never see them: they must not learn what is watched). */
    @Transactional(readOnly = true)
    public List<AlertView> alerts() {
        requireSupervisor(Actors.current(), "supervision.alert.list");
        return alerts.findAllByOrderByRaisedAtDesc().stream().map(Alert::view).toList();
    }

    @Transactional(readOnly = true)
    public AlertView alert(UUID id) {
        requireSupervisor(Actors.current(), "supervision.alert.read");
        return alerts.findById(id).map(Alert::view).orElseThrow(() -> QuanyunException.notFound("alert", id));
    }

    /** A supervisor assigns an alert to a person (a username). */
    @Transactional
    public AlertView assignAlert(UUID id, @Nullable String assignee) {
        Alert alert = handledAlert(id, "supervision.alert.assign");
        Violations.create().check(notBlank(assignee, 100), "assignee", "负责人必填 (assignee is required)")
                .throwIfAny();
        alert.assign(assignee.trim(), clock.instant());
        return saveAlert(alert, "supervision.alert.assign", Map.of("assignee", assignee.trim()));
    }

    /** A supervisor acknowledges an alert (and takes it, when nobody is assigned). */
    @Transactional
    public AlertView acknowledgeAlert(UUID id) {
        Alert alert = handledAlert(id, "supervision.alert.acknowledge");
        alert.acknowledge(Actors.current().username(), clock.instant());
        return saveAlert(alert, "supervision.alert.acknowledge", Map.of());
    }

    /** A supervisor resolves an alert with a note. */
    @Transactional
    public AlertView resolveAlert(UUID id, @Nullable String note) {
        Alert alert = handledAlert(id, "supervision.alert.resolve");
        requireNote(note);
        alert.resolve(note.trim(), clock.instant());
        return saveAlert(alert, "supervision.alert.resolve", Map.of());
    }

    /** The dashboard's figures, for supervisors. */
    @Transactional(readOnly = true)
    public DashboardView dashboard() {
        requireSupervisor(Actors.current(), "supervision.dashboard");
        List<Alert> all = alerts.findAllByOrderByRaisedAtDesc();
        Map<MonitoringRuleCode, Long> byRule = new EnumMap<>(MonitoringRuleCode.class);
        for (MonitoringRuleCode code : MonitoringRuleCode.values()) {
            byRule.put(code, all.stream().filter(a -> a.ruleCode() == code).count());
        }
        Map<AlertState, Long> byState = new EnumMap<>(AlertState.class);
        for (AlertState state : AlertState.values()) {
            byState.put(state, all.stream().filter(a -> a.state() == state).count());
        }
        Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            bySeverity.put(severity,
                    all.stream().filter(a -> a.severity() == severity && !a.state().isFinal()).count());
        }
        LocalDate today = today();
        Map<LocalDate, Long> perDay = new TreeMap<>();
        for (int i = 13; i >= 0; i--) {
            perDay.put(today.minusDays(i), 0L);
        }
        for (Alert alert : all) {
            LocalDate day = alert.view().raisedAt().atZone(Zones.SHANGHAI).toLocalDate();
            perDay.computeIfPresent(day, (d, n) -> n + 1);
        }
        long open = orders.findByStateIn(Set.of(RectificationState.ISSUED, RectificationState.SUBMITTED)).size();
        long trained = trainings.findAllByOrderByTrainedOnDesc().stream().filter(r -> r.isValidOn(today))
                .map(TrainingRecord::userId).distinct().count();
        return new DashboardView(byRule, byState, bySeverity, perDay, open, trained);
    }

    // ================================================================ helpers

    private RectificationView save(RectificationOrder order, String action, Map<String, String> details) {
        List<Object> registered = order.takeEvents();
        orders.save(order);
        AuditEvent entry = AuditEvent.success(action, "rectification", order.id()).with("state", order.state())
                .with("operator", order.operatorId());
        for (var detail : details.entrySet()) {
            entry = entry.with(detail.getKey(), detail.getValue());
        }
        audit.record(entry);
        registered.forEach(events::publishEvent);
        return order.view();
    }

    private AlertView saveAlert(Alert alert, String action, Map<String, String> details) {
        alerts.save(alert);
        AuditEvent entry = AuditEvent.success(action, "alert", alert.id()).with("state", alert.state());
        for (var detail : details.entrySet()) {
            entry = entry.with(detail.getKey(), detail.getValue());
        }
        audit.record(entry);
        return alert.view();
    }

    private Alert handledAlert(UUID id, String action) {
        Actor actor = Actors.current();
        if (!actor.isSystem() && !actor.has(Role.AUTHORITY_ADMIN) && !actor.has(Role.AUDITOR)) {
            throw refuse(ErrorCode.FORBIDDEN, action, "alert", id, "only authorities and auditors handle alerts");
        }
        return alerts.findById(id).orElseThrow(() -> QuanyunException.notFound("alert", id));
    }

    private RectificationOrder asAuthorizer(UUID orderId, String action) {
        Actor actor = Actors.current();
        RectificationOrder order = orders.findById(orderId)
                .orElseThrow(() -> QuanyunException.notFound("rectification", orderId));
        if (!actor.isSystem() && !(isAuthority(actor) && actor.belongsTo(order.authorizerId()))) {
            throw refuse(ErrorCode.FORBIDDEN, action, "rectification", orderId, "not the order's authorizer");
        }
        return order;
    }

    private boolean maySee(Actor actor, RectificationOrder order) {
        if (actor.isSystem() || actor.has(Role.AUDITOR) || isCityAuthority(actor)) {
            return true;
        }
        if (isAuthority(actor)) {
            return actor.belongsTo(order.authorizerId());
        }
        return isOperatorMember(actor) && actor.belongsTo(order.operatorId())
                && order.state() != RectificationState.PROPOSED && order.state() != RectificationState.DISCARDED;
    }

    private TrainingRecord readableTraining(UUID id, String action) {
        Actor actor = Actors.current();
        requireSignedIn(actor);
        TrainingRecord record = trainings.findById(id).orElseThrow(() -> QuanyunException.notFound("training", id));
        if (!supervises(actor) && !(isOperatorMember(actor) && actor.belongsTo(record.organizationId()))) {
            throw QuanyunException.notFound("training", id);
        }
        return record;
    }

    /** The person, who must be staff of an operator the actor may record training for. */
    private UserView operatorStaff(Actor actor, UUID userId, String action) {
        Collection<UUID> organizations = actor.isSystem() || isAuthority(actor)
                ? identity.organizationsOfType(OrganizationType.OPERATOR).stream().map(OrganizationView::id).toList()
                : actor.isOf(OrganizationType.OPERATOR) ? List.of(actor.organizationId()) : List.of();
        for (UUID organization : organizations) {
            for (UserView user : identity.users(organization)) {
                if (user.id().equals(userId)) {
                    return user;
                }
            }
        }
        throw refuse(ErrorCode.FORBIDDEN, action, "user", userId, "not staff of an operator the actor answers for");
    }

    private void requireOperator(UUID organizationId) {
        OrganizationView organization = identity.describe(organizationId)
                .orElseThrow(() -> QuanyunException.notFound("organization", organizationId));
        if (organization.type() != OrganizationType.OPERATOR) {
            throw QuanyunException.invalid(List.of(new Violation("operatorId", "须为运营单位 (must be an operator)")));
        }
    }

    private static UUID authorizerOf(Actor actor) {
        if (actor.organizationId() == null) {
            throw QuanyunException.forbidden("The platform itself is no authorizer");
        }
        return actor.organizationId();
    }

    private boolean isCityAuthority(Actor actor) {
        return isAuthority(actor) && identity.describe(actor.organizationId())
                .map(o -> o.authorityLevel() == AuthorityLevel.CITY).orElse(false);
    }

    private void requireAuthority(Actor actor, String action, String objectType, @Nullable Object objectId) {
        if (!isAuthority(actor)) {
            throw refuse(ErrorCode.FORBIDDEN, action, objectType, objectId, "only an authority administrator may");
        }
    }

    private void requireSupervisor(Actor actor, String action) {
        requireSignedIn(actor);
        if (!supervises(actor)) {
            throw refuse(ErrorCode.FORBIDDEN, action, "supervision", null, "only authorities and auditors");
        }
    }

    private static void requireNote(@Nullable String note) {
        Violations.create().check(notBlank(note, 2000), "note", "说明必填，最多2000字 (a note is required)")
                .throwIfAny();
    }

    /** Builds a refusal and records it in the audit log in a transaction of its own. */
    private QuanyunException refuse(ErrorCode code, String action, String objectType, @Nullable Object objectId,
            String reason) {
        return SupervisionRoles.refuse(audit, code, action, objectType, objectId, reason);
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(Zones.SHANGHAI));
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    private static String cleanFileName(@Nullable String name) {
        String base = name == null ? "" : Path.of(name.replace('\\', '/')).getFileName() == null ? ""
                : Path.of(name.replace('\\', '/')).getFileName().toString();
        base = base.replaceAll("[\\p{Cntrl}/\\\\]", "_");
        if (base.isBlank()) {
            base = "evidence";
        }
        return base.length() > 200 ? base.substring(base.length() - 200) : base;
    }

    /** Copies at most {@code limit} bytes; returns the count, or -1 when the input is longer. */
    private static long copyAtMost(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        int read;
        while ((read = in.read(buffer)) != -1) {
            total += read;
            if (total > limit) {
                return -1;
            }
            out.write(buffer, 0, read);
        }
        return total;
    }
}
