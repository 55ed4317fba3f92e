package io.quanyun.product;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.quanyun.catalog.vault.MasterKey;

/**
 * Consent tokens: a data subject's authorization of one consumer to call one product about them, until an
 * expiry. The token is {@code qct2.<payload>.<mac>} (Base64url), the payload
 * {@code v2|token id|product|consumer|subject hash|expiry epoch seconds} and the MAC HMAC-SM3 under a key derived
 * from the vault master key ({@code HMAC-SM3(subject hash key, "quanyun/product/consent-token/v1")}). It carries the
 * subject's keyed hash, never the identity number, and is checked without a database read: revocation is an
 * in-memory set of revoked token ids ({@link #isRevoked}), loaded from {@code product_consent_token} at start and
 * added to when a revocation commits (the table is the truth).
 */
@Component
class ConsentTokens {

    static final String PREFIX = "qct2.";
    static final Duration MAX_VALIDITY = Duration.ofDays(366);
    static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);

    private final byte[] key;
    private final java.util.Set<UUID> revoked = java.util.concurrent.ConcurrentHashMap.newKeySet();

    ConsentTokens(MasterKey masterKey) {
        this.key = mac(masterKey.subjectHashKey(), "quanyun/product/consent-token/v1".getBytes(StandardCharsets.UTF_8));
    }

    /** What a token says, once its MAC is checked. */
    record Claims(UUID id, UUID productId, UUID consumerId, String subjectHash, Instant expiresAt) {
    }

    String issue(UUID id, UUID productId, UUID consumerId, String subjectHash, Instant expiresAt) {
        String payload = "v2|" + id + "|" + productId + "|" + consumerId + "|" + subjectHash + "|" + expiresAt.getEpochSecond();
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return PREFIX + encoder.encodeToString(bytes) + "." + encoder.encodeToString(mac(key, bytes));
    }

    /** @return the claims of an authentic token, or null when it is malformed or its MAC is wrong */
    @Nullable Claims read(String token) {
        if (token.length() > 400 || !token.startsWith(PREFIX)) {
            return null;
        }
        int dot = token.indexOf('.', PREFIX.length());
        if (dot < 0) {
            return null;
        }
        try {
            Base64.Decoder decoder = Base64.getUrlDecoder();
            byte[] payload = decoder.decode(token.substring(PREFIX.length(), dot));
            byte[] mac = decoder.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(mac, mac(key, payload))) {
                return null;
            }
            String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 6 || !"v2".equals(parts[0])) {
                return null;
            }
            return new Claims(UUID.fromString(parts[1]), UUID.fromString(parts[2]), UUID.fromString(parts[3]),
                    parts[4], Instant.ofEpochSecond(Long.parseLong(parts[5])));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Whether the subject (or the authority) revoked the token: one lookup in a concurrent set, no database read,
     * so that the calls endpoint refuses a revoked token at once at no measurable cost.
     */
    boolean isRevoked(Claims claims) {
        return !revoked.isEmpty() && revoked.contains(claims.id());
    }

    /** Refuses the token from now on; called when its revocation commits, and at start for each revoked token. */
    void markRevoked(UUID id) {
        revoked.add(id);
    }

    /** Forgets a revoked token once it has expired anyway (it is refused as expired). */
    void forgetRevoked(java.util.Collection<UUID> ids) {
        revoked.removeAll(ids);
    }

    int revokedCount() {
        return revoked.size();
    }

    private static byte[] mac(byte[] key, byte[] input) {
        HMac hmac = new HMac(new SM3Digest());
        hmac.init(new KeyParameter(key));
        hmac.update(input, 0, input.length);
        byte[] out = new byte[hmac.getMacSize()];
        hmac.doFinal(out, 0);
        return out;
    }

    @Override
    public String toString() {
        return "ConsentTokens[key hidden]";
    }
}
