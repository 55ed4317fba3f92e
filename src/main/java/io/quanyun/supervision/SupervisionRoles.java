package io.quanyun.supervision;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.shared.Actor;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Role;

/** Who is who in supervision, and the audited refusal, shared by the module's services. */
final class SupervisionRoles {

    private SupervisionRoles() {
    }

    static boolean isAuthority(Actor actor) {
        return actor.has(Role.AUTHORITY_ADMIN) && actor.isOf(OrganizationType.AUTHORITY);
    }

    /** Authorities, auditors and the platform read every supervision record. */
    static boolean supervises(Actor actor) {
        return actor.isSystem() || isAuthority(actor) || actor.has(Role.AUDITOR);
    }

    static boolean isOperatorMember(Actor actor) {
        return actor.isOf(OrganizationType.OPERATOR)
                && (actor.has(Role.OPERATOR_ADMIN) || actor.has(Role.OPERATOR_ENGINEER));
    }

    static void requireSignedIn(Actor actor) {
        if (!actor.isSystem() && !actor.isAuthenticated()) {
            throw new QuanyunException(ErrorCode.UNAUTHENTICATED, "Sign in first");
        }
    }

    static boolean notBlank(@Nullable String text, int max) {
        return text != null && !text.isBlank() && text.length() <= max;
    }

    /** Builds a refusal and records it in the audit log in a transaction of its own. */
    static QuanyunException refuse(AuditTrail audit, ErrorCode code, String action, String objectType,
            @Nullable Object objectId, String reason) {
        audit.recordIndependently(AuditEvent.refused(action, objectType, objectId, code.code() + ": " + reason));
        return new QuanyunException(code, code.titleEn(), List.of(), objectType,
                objectId == null ? null : objectId.toString()).markAudited();
    }
}
