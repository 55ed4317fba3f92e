package io.quanyun.identity;

import java.time.Instant;

/** A bearer token for the API; the platform keeps only its hash. */
public record IssuedToken(String token, Instant expiresAt) {
}
