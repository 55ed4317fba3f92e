package io.quanyun.audit;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.quanyun.shared.Zones;

/**
 * The canonical text of an entry and its chained hash. Every field is written with its length in front, so
 * that no two different entries share a canonical text.
 */
final class ChainHash {

    static final String GENESIS = "0".repeat(64);
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(Zones.SHANGHAI);

    private ChainHash() {
    }

    static String of(long sequence, Instant occurredAt, String actor, @Nullable String organizationId,
            String organizationName, String roles, @Nullable String clientAddress, String action, String objectType,
            String objectId, String outcome, @Nullable String reason, String details, String previousHash) {
        StringBuilder text = new StringBuilder(256);
        field(text, Long.toString(sequence));
        field(text, TIME.format(occurredAt));
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
        return Sm3.hex(text.toString());
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
        StringBuilder json = new StringBuilder("{");
        details.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            if (json.length() > 1) {
                json.append(',');
            }
            quote(json, entry.getKey());
            json.append(':');
            quote(json, entry.getValue());
        });
        return json.append('}').toString();
    }

    private static void quote(StringBuilder json, String value) {
        json.append('"');
        for (char c : value.toCharArray()) {
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
