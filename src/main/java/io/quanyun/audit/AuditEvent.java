package io.quanyun.audit;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;

/**
 * One act to append to the log.
 *
 * @param action dotted name of the act, module first ({@code identity.organization.register})
 * @param objectType the kind of object acted on ({@code organization}); may be empty for acts on no object
 * @param objectId the object's id; may be empty
 * @param reason why the act was refused or failed; null on success
 * @param details a few further facts, never raw public data
 */
public record AuditEvent(Actor actor, String action, String objectType, String objectId, Outcome outcome,
        @Nullable String reason, Map<String, String> details) {

    public AuditEvent {
        requireNonNull(actor, "actor is null");
        requireNonNull(action, "action is null");
        requireNonNull(objectType, "objectType is null");
        requireNonNull(objectId, "objectId is null");
        requireNonNull(outcome, "outcome is null");
        details = Map.copyOf(new TreeMap<>(details));
    }

    /** A successful act by the current actor. */
    public static AuditEvent success(String action, String objectType, Object objectId) {
        return new AuditEvent(Actors.current(), action, objectType, String.valueOf(objectId), Outcome.SUCCESS, null,
                Map.of());
    }

    /** A refused act by the current actor. */
    public static AuditEvent refused(String action, String objectType, @Nullable Object objectId, String reason) {
        return new AuditEvent(Actors.current(), action, objectType, objectId == null ? "" : String.valueOf(objectId),
                Outcome.REFUSED, reason, Map.of());
    }

    public AuditEvent by(Actor who) {
        return new AuditEvent(who, action, objectType, objectId, outcome, reason, details);
    }

    public AuditEvent with(String key, @Nullable Object value) {
        var copy = new TreeMap<>(details);
        copy.put(key, String.valueOf(value));
        return new AuditEvent(actor, action, objectType, objectId, outcome, reason, copy);
    }
}
