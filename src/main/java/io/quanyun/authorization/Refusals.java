package io.quanyun.authorization;

import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;

/**
 * Audits every refusal of the module in a transaction of its own (it survives the rollback of the refused act),
 * under the action's name. Refusals are raised before the act writes its own audit entry.
 */
@Component
class Refusals {

    private final AuditTrail audit;

    Refusals(AuditTrail audit) {
        this.audit = audit;
    }

    <T> T guard(String action, String objectType, @Nullable Object objectId, Supplier<T> work) {
        try {
            return work.get();
        } catch (QuanyunException e) {
            if (!e.audited() && e.code().kind() != ErrorCode.Kind.INTERNAL) {
                String type = e.objectType() != null ? e.objectType() : objectType;
                Object id = e.objectId() != null ? e.objectId() : objectId;
                audit.recordIndependently(AuditEvent.refused(action, type, id, e.code().code() + ": " + e.getMessage()));
                e.markAudited();
            }
            throw e;
        }
    }

    static QuanyunException forbidden(String detail, String objectType, @Nullable Object id) {
        return new QuanyunException(ErrorCode.FORBIDDEN, detail, List.of(), objectType,
                id == null ? null : String.valueOf(id));
    }
}
