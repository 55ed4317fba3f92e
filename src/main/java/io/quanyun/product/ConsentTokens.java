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
 * expiry. The token is {@code qct1.<payload>.<mac>} (Base64url), the payload
 * {@code v1|product|consumer|subject hash|expiry epoch seconds} and the MAC HMAC-SM3 under a key derived from the
 * vault master key ({@code HMAC-SM3(subject hash key, "quanyun/product/consent-token/v1")}). It carries the
 * subject's keyed hash, never the identity number, and is checked without a database read.
 */
@Component
class ConsentTokens {

    static final String PREFIX = "qct1.";
    static final Duration MAX_VALIDITY = Duration.ofDays(366);
    static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);

    private final byte[] key;

    ConsentTokens(MasterKey masterKey) {
        this.key = mac(masterKey.subjectHashKey(), "quanyun/product/consent-token/v1".getBytes(StandardCharsets.UTF_8));
    }

    /** What a token says, once its MAC is checked. */
    record Claims(UUID productId, UUID consumerId, String subjectHash, Instant expiresAt) {
    }

    String issue(UUID productId, UUID consumerId, String subjectHash, Instant expiresAt) {
        String payload = "v1|" + productId + "|" + consumerId + "|" + subjectHash + "|" + expiresAt.getEpochSecond();
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
            if (parts.length != 5 || !"v1".equals(parts[0])) {
                return null;
            }
            return new Claims(UUID.fromString(parts[1]), UUID.fromString(parts[2]), parts[3],
                    Instant.ofEpochSecond(Long.parseLong(parts[4])));
        } catch (IllegalArgumentException e) {
            return null;
        }
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
