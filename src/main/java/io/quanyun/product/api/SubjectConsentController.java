package io.quanyun.product.api;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.quanyun.product.ConsentTokenView;
import io.quanyun.product.IssuedConsentToken;
import io.quanyun.product.SubjectConsents;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The data subject's consent channel. The trusted identity provider (the city's government service app) opens a
 * subject session with its client key ({@code X-Identity-Provider-Key}) for a person it authenticated; the person's
 * app then lists, issues and revokes consent tokens with the session in {@code X-Subject-Session}. Bodies are read
 * strictly by {@link SubjectBodies} (at most 4 KiB, a JSON object of known, well-typed fields).
 */
@RestController
@RequestMapping("/api/v1/subject")
@Tag(name = "Subject consent", description = "个人授权 / the data subject issues and revokes consent tokens (Art. 6)")
class SubjectConsentController {

    private final SubjectConsents subjects;

    SubjectConsentController(SubjectConsents subjects) {
        this.subjects = subjects;
    }

    /** The body of {@code POST /sessions}: the person's identity number (read by {@link SubjectBodies}). */
    record OpenSession(@Nullable String subject) {
    }

    /** The body of {@code POST /consent-tokens} (read by {@link SubjectBodies}). */
    record IssueToken(@Nullable UUID productId, @Nullable UUID consumerId, @Nullable Instant expiresAt) {
    }

    @PostMapping(path = "/sessions", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "The identity provider opens a 15-minute session for a person it authenticated",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = OpenSession.class))))
    SubjectConsents.OpenedSession open(
            @RequestHeader(name = "X-Identity-Provider-Key", required = false) @Nullable String providerKey,
            HttpServletRequest request) {
        SubjectBodies body = SubjectBodies.read(request, Set.of("subject"));
        String subject = body.text("subject", 32);
        body.check();
        return subjects.openSession(providerKey, subject);
    }

    @GetMapping("/consent-tokens")
    @Operation(summary = "The subject's consent tokens (never the token strings)")
    List<ConsentTokenView> tokens(@RequestHeader(name = "X-Subject-Session", required = false) @Nullable String session) {
        return subjects.tokens(session);
    }

    @GetMapping("/choices")
    @Operation(summary = "Listed products and the consumers subscribed to them, which a token can authorize")
    List<SubjectConsents.Choice> choices(
            @RequestHeader(name = "X-Subject-Session", required = false) @Nullable String session) {
        return subjects.choices(session);
    }

    @PostMapping(path = "/consent-tokens", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue a consent token for one product and one consumer, until an expiry (shown once)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = IssueToken.class))))
    IssuedConsentToken issue(@RequestHeader(name = "X-Subject-Session", required = false) @Nullable String session,
            HttpServletRequest request) {
        SubjectBodies body = SubjectBodies.read(request, Set.of("productId", "consumerId", "expiresAt"));
        IssueToken token = new IssueToken(body.uuid("productId"), body.uuid("consumerId"), body.instant("expiresAt"));
        body.check();
        return subjects.issue(session, token.productId(), token.consumerId(), token.expiresAt());
    }

    @PostMapping("/consent-tokens/{id}/revoke")
    @Operation(summary = "Revoke a consent token: calls with it are refused at once (consent_token_revoked)")
    ConsentTokenView revoke(@RequestHeader(name = "X-Subject-Session", required = false) @Nullable String session,
            @PathVariable UUID id) {
        return subjects.revoke(session, id);
    }

    @PostMapping("/sessions/close")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "End the subject session")
    void close(@RequestHeader(name = "X-Subject-Session", required = false) @Nullable String session) {
        subjects.close(session);
    }
}
