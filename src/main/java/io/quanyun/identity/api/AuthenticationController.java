package io.quanyun.identity.api;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.IssuedToken;
import io.quanyun.identity.UserView;
import io.quanyun.shared.Violations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/** Bearer tokens for the API. */
@RestController
@RequestMapping(path = "/api/v1/auth", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Authentication", description = "令牌 / bearer tokens")
class AuthenticationController {

    private final IdentityManagement identity;

    AuthenticationController(IdentityManagement identity) {
        this.identity = identity;
    }

    record TokenRequest(@Nullable String username, @Nullable String password) {
    }

    record TokenResponse(String token, Instant expiresAt) {
    }

    @PostMapping(path = "/token", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Exchange a username and password for a bearer token")
    TokenResponse token(@RequestBody TokenRequest request, HttpServletRequest http) {
        Violations.create()
                .check(request.username() != null && !request.username().isBlank(), "username",
                        "用户名必填 (username is required)")
                .check(request.password() != null && !request.password().isEmpty(), "password",
                        "密码必填 (password is required)")
                .throwIfAny();
        IssuedToken token = identity.issueToken(request.username(), request.password(), http.getRemoteAddr());
        return new TokenResponse(token.token(), token.expiresAt());
    }

    @DeleteMapping("/token")
    @Operation(summary = "Revoke all of the caller's tokens")
    void revoke() {
        identity.revokeTokens();
    }

    @GetMapping("/me")
    @Operation(summary = "The caller's own account")
    UserView me() {
        return identity.me();
    }
}
