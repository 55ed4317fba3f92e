package io.quanyun.access;

import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.quanyun.supervision.Containment;
import io.quanyun.supervision.ContainmentKind;

/** Incident containment on grants (Art. 15): suspend a grant, as the authority would on the grant's page. */
@Component
class AccessContainment implements Containment {

    private final AccessManagement access;

    AccessContainment(AccessManagement access) {
        this.access = access;
    }

    @Override
    public Set<ContainmentKind> kinds() {
        return Set.of(ContainmentKind.SUSPEND_GRANT);
    }

    @Override
    public String contain(ContainmentKind kind, UUID target, String reason) {
        if (kind != ContainmentKind.SUSPEND_GRANT) {
            throw new IllegalArgumentException("not a grant action: " + kind);
        }
        return "grant " + access.suspend(target, reason).grant().state();
    }
}
