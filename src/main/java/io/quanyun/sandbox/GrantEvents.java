package io.quanyun.sandbox;

import io.quanyun.access.GrantActivated;
import io.quanyun.access.GrantEnded;
import io.quanyun.access.GrantRestored;
import io.quanyun.access.GrantSuspended;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** Workspaces follow their grants: opened on activation, stopped at once on suspension or end. */
@Component
class GrantEvents {

    private final SandboxManagement sandbox;

    GrantEvents(SandboxManagement sandbox) {
        this.sandbox = sandbox;
    }

    @ApplicationModuleListener
    void on(GrantActivated event) {
        sandbox.grantActivated(event.grantId());
    }

    @ApplicationModuleListener
    void on(GrantSuspended event) {
        sandbox.grantStopped(event.grantId(), false, event.reason());
    }

    @ApplicationModuleListener
    void on(GrantEnded event) {
        sandbox.grantStopped(event.grantId(), true, event.reason());
    }

    @ApplicationModuleListener
    void on(GrantRestored event) {
        sandbox.grantRestored(event.grantId());
    }
}
