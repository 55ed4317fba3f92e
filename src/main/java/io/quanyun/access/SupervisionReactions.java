package io.quanyun.access;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.supervision.CriticalAlertRaised;
import io.quanyun.supervision.RectificationAccepted;
import io.quanyun.supervision.RectificationOrdered;

/**
 * Art. 18 and Art. 15 through events: a rectification order suspends every active grant of the operator at
 * once, its acceptance restores them; a critical alert whose rule says so suspends them too. A failed
 * rectification leaves them suspended until the authorizer terminates the agreement, which ends them.
 */
@Component
class SupervisionReactions {

    private final AccessManagement access;

    SupervisionReactions(AccessManagement access) {
        this.access = access;
    }

    @ApplicationModuleListener
    void on(RectificationOrdered event) {
        Actors.runAs(Actor.system(), () -> access.suspendGrantsOfOperator(event.operatorId(),
                "整改通知（第十八条）rectification ordered: " + event.orderId()));
    }

    @ApplicationModuleListener
    void on(RectificationAccepted event) {
        Actors.runAs(Actor.system(), () -> access.restoreGrantsOfOperator(event.operatorId(),
                "整改验收通过 rectification accepted: " + event.orderId()));
    }

    @ApplicationModuleListener
    void on(CriticalAlertRaised event) {
        if (event.suspend() && event.operatorId() != null) {
            Actors.runAs(Actor.system(), () -> access.suspendGrantsOfOperator(event.operatorId(),
                    "严重预警 critical alert " + event.rule() + ": " + event.alertId()));
        }
    }
}
