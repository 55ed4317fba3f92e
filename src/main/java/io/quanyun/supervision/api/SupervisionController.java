package io.quanyun.supervision.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.quanyun.supervision.AlertView;
import io.quanyun.supervision.DashboardView;
import io.quanyun.supervision.DrillView;
import io.quanyun.supervision.EvaluationEvidence;
import io.quanyun.supervision.EvaluationView;
import io.quanyun.supervision.EvidenceFile;
import io.quanyun.supervision.IssueRectification;
import io.quanyun.supervision.MonitoringRuleCode;
import io.quanyun.supervision.OpenEvaluation;
import io.quanyun.supervision.RecordDrill;
import io.quanyun.supervision.RecordTraining;
import io.quanyun.supervision.RectificationView;
import io.quanyun.supervision.RuleView;
import io.quanyun.supervision.ScoreOperator;
import io.quanyun.supervision.SupervisionManagement;
import io.quanyun.supervision.TrainingView;
import io.quanyun.supervision.TuneRule;

/** Supervision over JSON (Art. 14-18): trainings, drills, rectifications, evaluations, rules, alerts. */
@RestController
@RequestMapping(path = "/api/v1/supervision", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Supervision", description = "监督管理 / supervision: training, drills, alerts, evaluations, rectification")
class SupervisionController {

    private final SupervisionManagement supervision;

    SupervisionController(SupervisionManagement supervision) {
        this.supervision = supervision;
    }

    /** A free-text note, reason, evidence or response. */
    record Note(@Nullable String note) {
    }

    /** Who an alert is assigned to. */
    record Assignment(@Nullable String assignee) {
    }

    // ---------------------------------------------------------------- trainings

    @GetMapping("/trainings")
    @Operation(summary = "Training records the caller may see")
    List<TrainingView> trainings() {
        return supervision.trainings();
    }

    @PostMapping(path = "/trainings", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Record a person's security training (operator admin for own staff, or authority)")
    ResponseEntity<TrainingView> recordTraining(@RequestBody RecordTraining command) {
        TrainingView created = supervision.recordTraining(command);
        return ResponseEntity.created(URI.create("/api/v1/supervision/trainings/" + created.id())).body(created);
    }

    @GetMapping("/trainings/{id}")
    @Operation(summary = "One training record")
    TrainingView training(@PathVariable UUID id) {
        return supervision.training(id);
    }

    @PostMapping(path = "/trainings/{id}/evidence", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Attach the evidence file of a training record (size-limited)")
    TrainingView attachEvidence(@PathVariable UUID id, @RequestParam("file") MultipartFile file) throws IOException {
        try (InputStream in = file.getInputStream()) {
            return supervision.attachTrainingEvidence(id, file.getOriginalFilename() == null ? "evidence"
                    : file.getOriginalFilename(), in);
        }
    }

    @GetMapping(path = "/trainings/{id}/evidence", produces = MediaType.ALL_VALUE)
    @Operation(summary = "Download the evidence file of a training record")
    ResponseEntity<Resource> evidence(@PathVariable UUID id) throws IOException {
        EvidenceFile file = supervision.trainingEvidence(id);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .contentLength(Files.size(file.path()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(file.name(), java.nio.charset.StandardCharsets.UTF_8).build().toString())
                .body(new FileSystemResource(file.path()));
    }

    @GetMapping("/users/{userId}/training")
    @Operation(summary = "Whether a person has valid training today, and until when")
    TrainingStatus trainingStatus(@PathVariable UUID userId) {
        supervision.trainings();
        return new TrainingStatus(userId, supervision.hasValidTraining(userId),
                supervision.validTrainingUntil(userId).orElse(null));
    }

    /** A person's training state. */
    record TrainingStatus(UUID userId, boolean valid, java.time.@Nullable LocalDate validUntil) {
    }

    // ---------------------------------------------------------------- drills

    @GetMapping("/drills")
    @Operation(summary = "Emergency drills the caller may see")
    List<DrillView> drills() {
        return supervision.drills();
    }

    @PostMapping(path = "/drills", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Record an emergency drill held with an operator (authority)")
    ResponseEntity<DrillView> recordDrill(@RequestBody RecordDrill command) {
        DrillView created = supervision.recordDrill(command);
        return ResponseEntity.created(URI.create("/api/v1/supervision/drills/" + created.id())).body(created);
    }

    // ---------------------------------------------------------------- rectifications

    @GetMapping("/rectifications")
    @Operation(summary = "Rectification orders the caller may see")
    List<RectificationView> rectifications() {
        return supervision.rectifications();
    }

    @GetMapping("/rectifications/{id}")
    @Operation(summary = "One rectification order with its history")
    RectificationView rectification(@PathVariable UUID id) {
        return supervision.rectification(id);
    }

    @PostMapping(path = "/rectifications", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Issue a rectification order directly (authority, as authorizer); suspends access")
    ResponseEntity<RectificationView> issue(@RequestBody IssueRectification command) {
        RectificationView created = supervision.issueRectification(command);
        return ResponseEntity.created(URI.create("/api/v1/supervision/rectifications/" + created.id())).body(created);
    }

    @PostMapping(path = "/rectifications/{id}/issue", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Issue a proposed order with content and deadline (its authorizer)")
    RectificationView issueProposed(@PathVariable UUID id, @RequestBody IssueRectification command) {
        return supervision.issueProposedRectification(id, command);
    }

    @PostMapping(path = "/rectifications/{id}/discard", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Discard a proposed order with a note (its authorizer)")
    RectificationView discard(@PathVariable UUID id, @RequestBody Note note) {
        return supervision.discardRectification(id, note.note());
    }

    @PostMapping(path = "/rectifications/{id}/submit", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Report completion with evidence (the operator's admin)")
    RectificationView submit(@PathVariable UUID id, @RequestBody Note evidence) {
        return supervision.submitRectification(id, evidence.note());
    }

    @PostMapping(path = "/rectifications/{id}/accept", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Accept the rectification; access is restored (its authorizer)")
    RectificationView accept(@PathVariable UUID id, @RequestBody Note note) {
        return supervision.acceptRectification(id, note.note());
    }

    @PostMapping(path = "/rectifications/{id}/reject", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Reject the evidence; fails the order after its deadline (its authorizer)")
    RectificationView reject(@PathVariable UUID id, @RequestBody Note note) {
        return supervision.rejectRectification(id, note.note());
    }

    // ---------------------------------------------------------------- evaluations

    @GetMapping("/evaluations")
    @Operation(summary = "Evaluation campaigns (operators see only their own scores and results)")
    List<EvaluationView> evaluations() {
        return supervision.evaluations();
    }

    @GetMapping("/evaluations/{id}")
    @Operation(summary = "One evaluation campaign")
    EvaluationView evaluation(@PathVariable UUID id) {
        return supervision.evaluation(id);
    }

    @GetMapping("/evaluations/{id}/evidence")
    @Operation(summary = "The platform's evidence on an operator for the campaign's period, by criterion; frozen "
            + "with its SHA-256 when the campaign closes (evaluators, supervisors, the operator itself)")
    EvaluationEvidence evidence(@PathVariable UUID id, @RequestParam("operator") UUID operator) {
        return supervision.evaluationEvidence(id, operator);
    }

    @PostMapping(path = "/evaluations", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Open an evaluation campaign with weighted criteria (authority)")
    ResponseEntity<EvaluationView> open(@RequestBody OpenEvaluation command) {
        EvaluationView created = supervision.openEvaluation(command);
        return ResponseEntity.created(URI.create("/api/v1/supervision/evaluations/" + created.id())).body(created);
    }

    @PostMapping(path = "/evaluations/{id}/scores", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Score an operator on a criterion (expert or the campaign's authority)")
    EvaluationView score(@PathVariable UUID id, @RequestBody ScoreOperator command) {
        return supervision.scoreOperator(id, command);
    }

    @PostMapping("/evaluations/{id}/close")
    @Operation(summary = "Close the campaign; failed operators get a proposed rectification order")
    EvaluationView close(@PathVariable UUID id) {
        return supervision.closeEvaluation(id);
    }

    @PostMapping(path = "/evaluations/{id}/response", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The operator's response to its result (operator admin)")
    EvaluationView respond(@PathVariable UUID id, @RequestBody Note response) {
        return supervision.respondToEvaluation(id, response.note());
    }

    // ---------------------------------------------------------------- monitoring

    @GetMapping("/rules")
    @Operation(summary = "Monitoring rules (supervisors)")
    List<RuleView> rules() {
        return supervision.monitoringRules();
    }

    @PutMapping(path = "/rules/{code}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Tune a monitoring rule (authority)")
    RuleView tune(@PathVariable MonitoringRuleCode code, @RequestBody TuneRule command) {
        return supervision.tuneRule(code, command);
    }

    @GetMapping("/alerts")
    @Operation(summary = "Alerts, newest first (supervisors)")
    List<AlertView> alerts() {
        return supervision.alerts();
    }

    @GetMapping("/alerts/{id}")
    @Operation(summary = "One alert")
    AlertView alert(@PathVariable UUID id) {
        return supervision.alert(id);
    }

    @PostMapping(path = "/alerts/{id}/assign", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Assign an alert to a person")
    AlertView assign(@PathVariable UUID id, @RequestBody Assignment assignment) {
        return supervision.assignAlert(id, assignment.assignee());
    }

    @PostMapping("/alerts/{id}/acknowledge")
    @Operation(summary = "Acknowledge an alert")
    AlertView acknowledge(@PathVariable UUID id) {
        return supervision.acknowledgeAlert(id);
    }

    @PostMapping(path = "/alerts/{id}/resolve", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Resolve an alert with a note")
    AlertView resolve(@PathVariable UUID id, @RequestBody Note note) {
        return supervision.resolveAlert(id, note.note());
    }

    @GetMapping("/dashboard")
    @Operation(summary = "Dashboard figures (supervisors)")
    DashboardView dashboard() {
        return supervision.dashboard();
    }
}
