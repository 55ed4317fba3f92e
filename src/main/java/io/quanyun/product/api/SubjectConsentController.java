package io.quanyun.product.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.quanyun.product.ConsentTokenView;
import io.quanyun.product.IssuedConsentToken;
import io.quanyun.product.SubjectConsents;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The data subject's consent channel. The trusted identity provider (the city's government service app) opens a
 * subject session with its client key ({@code X-Identity-Provider-Key}) for a person it authenticated; the person's
 * app then lists, issues and revokes consent tokens with the session in {@code X-Subject-Session}.
 */
@RestController
@RequestMapping("/api/v1/subject")
@Tag(name = "Subject consent", description = "个人授权 / the data subject issues and revokes consent tokens (Art. 6)")
class SubjectConsentController {

    private final SubjectConsents subjects;

    SubjectConsentController(SubjectConsents subjects) {
        this.subjects = subjects;
    }

    record OpenSession(@Nullable String subject) {
    }

    record IssueToken(@Nullable UUID productId, @Nullable UUID consumerId, @Nullable Instant expiresAt) {
    }

    @PostMapping("/sessions")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "The identity provider opens a 15-minute session for a person it authenticated")
    SubjectConsents.OpenedSession open(
            @RequestHeader(name = "X-Identity-Provider-Key", required = false) @Nullable String providerKey,
            @RequestBody OpenSession body) {
        return subjects.openSession(providerKey, body.subject());
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

    @PostMapping("/consent-tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue a consent token for one product and one consumer, until an expiry (shown once)")
    IssuedConsentToken issue(@RequestHeader(name = "X-Subject-Session", required = false) @Nullable String session,
            @RequestBody IssueToken body) {
        return subjects.issue(session, body.productId(), body.consumerId(), body.expiresAt());
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
