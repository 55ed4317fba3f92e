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
     * Hashes many entries with one SM3 digest (the group commit of product calls): the same canonical text and
     * hash as {@link #of}, fed to the digest field by field as UTF-8 instead of building the whole text first (a
     * batch's details are long, and one non-Latin character anywhere made the whole text two bytes per character
     * before its encoding). The UTF-8 of the text is the UTF-8 of its parts in order, since every field ends with
     * {@code ;}. Not thread-safe; one per batch.
     */
    static final class Hasher {

        private static final byte[] NULL_FIELD = "-1:;".getBytes(StandardCharsets.US_ASCII);
        private final SM3Digest digest = new SM3Digest();
        private final byte[] out = new byte[32];
        private final byte[] prefix = new byte[12];

        String hash(long sequence, String occurredAt, String actor, @Nullable String organizationId,
                String organizationName, String roles, @Nullable String clientAddress, String action,
                String objectType, String objectId, String outcome, @Nullable String reason, String details,
                String previousHash) {
            digest.reset();
            field(Long.toString(sequence));
            field(occurredAt);
            field(actor);
            field(organizationId);
            field(organizationName);
            field(roles);
            field(clientAddress);
            field(action);
            field(objectType);
            field(objectId);
            field(outcome);
            field(reason);
            field(details);
            field(previousHash);
            digest.doFinal(out, 0);
            return HEX.formatHex(out);
        }

        /** {@code <length in chars>:<value>;} as UTF-8, or {@code -1:;} for null, as {@link ChainHash#field}. */
        private void field(@Nullable String value) {
            if (value == null) {
                digest.update(NULL_FIELD, 0, NULL_FIELD.length);
                return;
            }
            int at = prefix.length;
            prefix[--at] = ':';
            int length = value.length();
            do {
                prefix[--at] = (byte) ('0' + length % 10);
                length /= 10;
            } while (length > 0);
            digest.update(prefix, at, prefix.length - at);
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            digest.update(bytes, 0, bytes.length);
            digest.update((byte) ';');
        }
    }

    /**
     * The canonical text of an entry whose SM3 hash (of its UTF-8) is the entry's hash: every field as
     * {@code <length in chars>:<value>;}, a null field as {@code -1:;}. {@link Hasher} feeds the same bytes to the
     * digest without building the text; kept as the definition (the tests hash it and compare).
     */
    static String canonicalText(String... fields) {
        StringBuilder text = new StringBuilder(512);
        for (String value : fields) {
            if (value == null) {
                text.append("-1:;");
            } else {
                text.append(value.length()).append(':').append(value).append(';');
            }
        }
        return text.toString();
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
        int plain = 0;
        while (plain < value.length() && !needsEscape(value.charAt(plain))) {
            plain++;
        }
        if (plain == value.length()) { // the usual case (ids, times, hashes): the value as it is
            json.append(value).append('"');
            return;
        }
        json.append(value, 0, plain);
        for (int i = plain; i < value.length(); i++) {
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

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == '"' || c == '\\';
    }
}
