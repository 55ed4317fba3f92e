package io.quanyun.supervision.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.quanyun.supervision.ContainmentKind;
import io.quanyun.supervision.EmergencyPlanView;
import io.quanyun.supervision.IncidentGrade;
import io.quanyun.supervision.IncidentManagement;
import io.quanyun.supervision.IncidentView;
import io.quanyun.supervision.RecordEmergencyPlan;
import io.quanyun.supervision.ReportIncident;
import io.quanyun.supervision.SupervisingDepartment;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Incidents and emergency plans over JSON (Art. 15). */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Incidents", description = "安全事件与应急预案 / incidents and emergency plans")
class IncidentController {

    private final IncidentManagement incidents;

    IncidentController(IncidentManagement incidents) {
        this.incidents = incidents;
    }

    record Note(@Nullable String note) {
    }

    record Containing(@Nullable ContainmentKind kind, @Nullable UUID target, @Nullable String reason) {
    }

    record Notification(@Nullable SupervisingDepartment department, @Nullable Instant at, @Nullable String note) {
    }

    record Regrading(@Nullable IncidentGrade grade, @Nullable String reason) {
    }

    record Closing(@Nullable String lessonsLearned) {
    }

    @GetMapping("/emergency-plans")
    @Operation(summary = "Emergency plans, every version (supervisors: all; others: their organization's)")
    List<EmergencyPlanView> plans() {
        return incidents.plans();
    }

    @PostMapping(path = "/emergency-plans", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Record the next version of an organization's emergency plan")
    ResponseEntity<EmergencyPlanView> recordPlan(@RequestBody RecordEmergencyPlan command) {
        EmergencyPlanView plan = incidents.recordPlan(command);
        return ResponseEntity.created(URI.create("/api/v1/emergency-plans/" + plan.id())).body(plan);
    }

    @GetMapping("/incidents")
    @Operation(summary = "Incidents the caller may see, newest first")
    List<IncidentView> incidents() {
        return incidents.incidents();
    }

    @PostMapping(path = "/incidents", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Report an incident (anyone involved), or raise one from an alert (supervisors)")
    ResponseEntity<IncidentView> report(@RequestBody ReportIncident command) {
        IncidentView incident = incidents.report(command);
        return ResponseEntity.created(URI.create("/api/v1/incidents/" + incident.id())).body(incident);
    }

    @GetMapping("/incidents/{id}")
    @Operation(summary = "One incident with its timeline")
    IncidentView incident(@PathVariable UUID id) {
        return incidents.incident(id);
    }

    @PostMapping(path = "/incidents/{id}/notes", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Add a note to the timeline")
    IncidentView note(@PathVariable UUID id, @RequestBody Note body) {
        return incidents.note(id, body.note());
    }

    @PostMapping(path = "/incidents/{id}/containment", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Take a containment action through the platform (suspend a grant, suspend or delist a product)")
    IncidentView contain(@PathVariable UUID id, @RequestBody Containing body) {
        return incidents.contain(id, body.kind(), body.target(), body.reason());
    }

    @PostMapping(path = "/incidents/{id}/notifications", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Record the notification of a supervising department, with its time")
    IncidentView notify(@PathVariable UUID id, @RequestBody Notification body) {
        return incidents.notify(id, body.department(), body.at(), body.note());
    }

    @PostMapping(path = "/incidents/{id}/grade", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Change the incident's grade with a reason")
    IncidentView regrade(@PathVariable UUID id, @RequestBody Regrading body) {
        return incidents.regrade(id, body.grade(), body.reason());
    }

    @PostMapping(path = "/incidents/{id}/closure", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Close the incident with the lessons learned")
    IncidentView close(@PathVariable UUID id, @RequestBody Closing body) {
        return incidents.close(id, body.lessonsLearned());
    }
}
