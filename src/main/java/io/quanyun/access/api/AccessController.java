package io.quanyun.access.api;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.quanyun.access.AccessManagement;
import io.quanyun.access.AgreementTerms;
import io.quanyun.access.AmendScenarioRequest;
import io.quanyun.access.ApproveScenarioRequest;
import io.quanyun.access.FileScenarioRequest;
import io.quanyun.access.GrantView;
import io.quanyun.access.ScenarioRequestView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Scenario requests, their dual approval, and grants, over JSON. Errors are problem+json. */
@RestController
@RequestMapping(path = "/api/v1/access", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Access", description = "数据使用申请与授权 / scenario requests, dual approval and grants (Art. 12-14)")
class AccessController {

    private final AccessManagement access;

    AccessController(AccessManagement access) {
        this.access = access;
    }

    record Reason(@Nullable String reason) {
    }

    // ------------------------------------------------------------------ requests

    @GetMapping("/requests")
    @Operation(summary = "Requests the caller may see")
    List<ScenarioRequestView> requests() {
        return access.requests();
    }

    @GetMapping("/requests/queue")
    @Operation(summary = "Submitted requests awaiting the caller's decision (authority, providers)")
    List<ScenarioRequestView> queue() {
        return access.approvalQueue();
    }

    @GetMapping("/requests/{id}")
    @Operation(summary = "One request with its decisions")
    ScenarioRequestView request(@PathVariable UUID id) {
        return access.request(id);
    }

    @PostMapping(path = "/requests", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "File a request for one scenario under an active agreement, as a draft (operator admin)")
    ResponseEntity<ScenarioRequestView> file(@RequestBody FileScenarioRequest command) {
        ScenarioRequestView filed = access.file(command);
        return ResponseEntity.created(URI.create("/api/v1/access/requests/" + filed.id())).body(filed);
    }

    @PutMapping(path = "/requests/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Amend a draft or a rejected request (operator admin)")
    ScenarioRequestView amend(@PathVariable UUID id, @RequestBody AmendScenarioRequest command) {
        return access.amend(id, command);
    }

    @PostMapping("/requests/{id}/submit")
    @Operation(summary = "Submit a draft for dual approval (operator admin)")
    ScenarioRequestView submit(@PathVariable UUID id) {
        return access.submit(id);
    }

    @PostMapping("/requests/{id}/withdraw")
    @Operation(summary = "Withdraw a request before approval (operator admin)")
    ScenarioRequestView withdraw(@PathVariable UUID id, @RequestBody(required = false) @Nullable Reason reason) {
        return access.withdraw(id, reason == null ? null : reason.reason());
    }

    @PostMapping("/requests/{id}/approve")
    @Operation(summary = "Approve a submitted request (authority, or a provider of a requested dataset); "
            + "the authority may set k and the epsilon budget")
    ScenarioRequestView approve(@PathVariable UUID id,
            @RequestBody(required = false) @Nullable ApproveScenarioRequest command) {
        return access.approve(id, command == null ? ApproveScenarioRequest.withDefaults() : command);
    }

    @PostMapping(path = "/requests/{id}/reject", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Reject a submitted request with a reason (authority, or a provider of a requested dataset)")
    ScenarioRequestView reject(@PathVariable UUID id, @RequestBody Reason reason) {
        return access.reject(id, reason.reason());
    }

    @GetMapping("/agreements")
    @Operation(summary = "The caller's active agreements, under which requests may be filed (operator)")
    List<AgreementTerms> agreements() {
        return access.agreementsForFiling();
    }

    // ------------------------------------------------------------------ grants

    @GetMapping("/grants")
    @Operation(summary = "Grants the caller may see, with supervising authorizer and responsible person (Art. 14)")
    List<GrantView> grants() {
        return access.grants();
    }

    @GetMapping("/grants/{id}")
    @Operation(summary = "One grant")
    GrantView grant(@PathVariable UUID id) {
        return access.grant(id);
    }

    @PostMapping(path = "/grants/{id}/suspend", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Suspend a grant at once, with a reason (authority)")
    GrantView suspend(@PathVariable UUID id, @RequestBody Reason reason) {
        return access.suspend(id, reason.reason());
    }

    @PostMapping("/grants/{id}/restore")
    @Operation(summary = "Restore a suspended grant (authority)")
    GrantView restore(@PathVariable UUID id, @RequestBody(required = false) @Nullable Reason reason) {
        return access.restore(id, reason == null ? null : reason.reason());
    }

    @PostMapping(path = "/grants/{id}/end", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "End a grant for good, with a reason (authority)")
    GrantView end(@PathVariable UUID id, @RequestBody Reason reason) {
        return access.end(id, reason.reason());
    }
}
