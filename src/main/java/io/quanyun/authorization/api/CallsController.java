package io.quanyun.authorization.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import io.quanyun.authorization.ApplicationView;
import io.quanyun.authorization.AuthorizationManagement;
import io.quanyun.authorization.CallView;
import io.quanyun.authorization.DraftCall;
import io.quanyun.authorization.ObjectionView;
import io.quanyun.authorization.ProposeShortlist;
import io.quanyun.authorization.RankingEntry;
import io.quanyun.authorization.ReviewView;
import io.quanyun.authorization.StartReview;
import io.quanyun.authorization.SubmitApplication;
import io.quanyun.authorization.UploadedDocument;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Calls (申报公告) and what happens under them: applications, reviews, ranking, notice, objections, conclusion. */
@RestController
@RequestMapping(path = "/api/v1/calls", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Calls", description = "申报公告 / calls for applications")
class CallsController {

    private final AuthorizationManagement authorization;

    CallsController(AuthorizationManagement authorization) {
        this.authorization = authorization;
    }

    record ReasonRequest(@Nullable String reason) {
    }

    @GetMapping
    @Operation(summary = "Calls the caller may see")
    List<CallView> list() {
        return authorization.calls();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Draft a call (authority; or a provider for domain-specific authorization)")
    ResponseEntity<CallView> draft(@RequestBody DraftCall request) {
        CallView call = authorization.draftCall(request);
        return ResponseEntity.created(URI.create("/api/v1/calls/" + call.id())).body(call);
    }

    @GetMapping("/{id}")
    CallView one(@PathVariable UUID id) {
        return authorization.call(id);
    }

    @PostMapping("/{id}/publication")
    @Operation(summary = "Publish a call on the portal (needs criteria summing to 100)")
    CallView publish(@PathVariable UUID id) {
        return authorization.publishCall(id);
    }

    @PostMapping("/{id}/concurrence")
    @Operation(summary = "The authorizing provider concurs with a domain-specific call the authority drafted")
    CallView concur(@PathVariable UUID id) {
        return authorization.concurCall(id);
    }

    @PostMapping(path = "/{id}/withdrawal", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Withdraw a call with a reason, before its window closes")
    CallView withdraw(@PathVariable UUID id, @RequestBody ReasonRequest request) {
        return authorization.withdrawCall(id, request.reason());
    }

    @GetMapping("/{id}/applications")
    List<ApplicationView> applications(@PathVariable UUID id) {
        return authorization.applications(id);
    }

    /**
     * Applies: multipart with the field {@code scenarios} and one file part per checklist item, named by the
     * item's code; each part's content type is the declared type.
     */
    @PostMapping(path = "/{id}/applications", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Apply to a call (operator), with one file part per checklist code")
    ResponseEntity<ApplicationView> apply(@PathVariable UUID id, @RequestParam(required = false) String scenarios,
            MultipartHttpServletRequest request) {
        ApplicationView application = authorization.apply(new SubmitApplication(id, scenarios, documents(request)));
        return ResponseEntity.created(URI.create("/api/v1/applications/" + application.id())).body(application);
    }

    static List<UploadedDocument> documents(MultipartHttpServletRequest request) {
        List<UploadedDocument> documents = new ArrayList<>();
        for (Map.Entry<String, List<MultipartFile>> entry : request.getMultiFileMap().entrySet()) {
            for (MultipartFile file : entry.getValue()) {
                try {
                    documents.add(new UploadedDocument(entry.getKey(), file.getOriginalFilename(),
                            file.getContentType(), file.getBytes()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return documents;
    }

    @PostMapping(path = "/{id}/reviews", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Start the review after the window closed and form the panel (authority)")
    List<ReviewView> startReview(@PathVariable UUID id, @RequestBody StartReview request) {
        return authorization.startReview(id, request);
    }

    @GetMapping("/{id}/reviews")
    @Operation(summary = "The panel's reviews; scores sealed until all submitted")
    List<ReviewView> reviews(@PathVariable UUID id) {
        return authorization.reviews(id);
    }

    @GetMapping("/{id}/ranking")
    @Operation(summary = "Weighted scores and ranking (sealed until every panel member submitted)")
    List<RankingEntry> ranking(@PathVariable UUID id) {
        return authorization.ranking(id);
    }

    @PostMapping(path = "/{id}/notice", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Propose the shortlist and publish it for public notice (authority)")
    CallView notice(@PathVariable UUID id, @RequestBody ProposeShortlist request) {
        return authorization.publishNotice(id, request);
    }

    @GetMapping("/{id}/objections")
    @Operation(summary = "Objections with contact details (authority)")
    List<ObjectionView> objections(@PathVariable UUID id) {
        return authorization.objections(id);
    }

    @PostMapping("/{id}/conclusion")
    @Operation(summary = "Conclude after the notice period: generate one agreement per remaining applicant")
    CallView conclude(@PathVariable UUID id) {
        return authorization.conclude(id);
    }
}
