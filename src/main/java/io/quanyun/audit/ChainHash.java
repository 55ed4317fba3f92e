package io.quanyun.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.jspecify.annotations.Nullable;

import io.quanyun.shared.Zones;

/**
 * The canonical text of an entry and its chained hash. Every field is written with its length in front, so
 * that no two different entries share a canonical text.
 */
final class ChainHash {

    static final String GENESIS = "0".repeat(64);
    private static final HexFormat HEX = HexFormat.of();
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(Zones.SHANGHAI);

    private ChainHash() {
    }

    static String of(long sequence, Instant occurredAt, String actor, @Nullable String organizationId,
            String organizationName, String roles, @Nullable String clientAddress, String action, String objectType,
            String objectId, String outcome, @Nullable String reason, String details, String previousHash) {
        return new Hasher().hash(sequence, TIME.format(occurredAt), actor, organizationId, organizationName, roles,
                clientAddress, action, objectType, objectId, outcome, reason, details, previousHash);
    }

    /**
     * Hashes many entries with one text buffer and one SM3 digest (the group commit of product calls): the same
     * canonical text and hash as {@link #of}, without a new buffer, digest and time formatting per entry. Not
     * thread-safe; one per batch.
     */
    static final class Hasher {

        private final StringBuilder text = new StringBuilder(512);
        private final SM3Digest digest = new SM3Digest();
        private final byte[] out = new byte[32];

        String hash(long sequence, String occurredAt, String actor, @Nullable String organizationId,
                String organizationName, String roles, @Nullable String clientAddress, String action,
                String objectType, String objectId, String outcome, @Nullable String reason, String details,
                String previousHash) {
            text.setLength(0);
            field(text, Long.toString(sequence));
            field(text, occurredAt);
            field(text, actor);
            field(text, organizationId);
            field(text, organizationName);
            field(text, roles);
            field(text, clientAddress);
            field(text, action);
            field(text, objectType);
            field(text, objectId);
            field(text, outcome);
            field(text, reason);
            field(text, details);
            field(text, previousHash);
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            digest.update(bytes, 0, bytes.length);
            digest.doFinal(out, 0);
            return HEX.formatHex(out);
        }
    }

    private static void field(StringBuilder text, @Nullable String value) {
        if (value == null) {
            text.append("-1:;");
        } else {
            text.append(value.length()).append(':').append(value).append(';');
        }
    }

    /** A flat JSON object of the details, keys sorted. */
    static String json(Map<String, String> details) {
        if (details.isEmpty()) {
            return "{}";
        }
        String[] keys = details.keySet().toArray(new String[0]);
        Arrays.sort(keys);
        StringBuilder json = new StringBuilder(16 + 32 * keys.length).append('{');
        for (String key : keys) {
            if (json.length() > 1) {
                json.append(',');
            }
            quote(json, key);
            json.append(':');
            quote(json, details.get(key));
        }
        return json.append('}').toString();
    }

    private static void quote(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
