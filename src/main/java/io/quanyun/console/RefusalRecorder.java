package io.quanyun.console;

import org.springframework.stereotype.Component;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Writes refusals that no service audited (validation failures, duplicates, illegal transitions) to the
 * audit log, so that every refusal in every module is on the record.
 */
@Component
class RefusalRecorder {

    private final AuditTrail audit;

    RefusalRecorder(AuditTrail audit) {
        this.audit = audit;
    }

    void record(QuanyunException e, HttpServletRequest request) {
        if (e.audited() || e.code().kind() == ErrorCode.Kind.INTERNAL
                || e.code().kind() == ErrorCode.Kind.UNAUTHENTICATED) {
            return;
        }
        String action = "http." + request.getMethod().toLowerCase(java.util.Locale.ROOT) + " " + request.getRequestURI();
        if (action.length() > 120) {
            action = action.substring(0, 120);
        }
        String objectType = e.objectType() == null ? "request" : e.objectType();
        audit.recordIndependently(AuditEvent.refused(action, objectType, e.objectId(), e.code().code()));
        e.markAudited();
    }
}
