package io.quanyun.access;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.supervision.CriticalAlertRaised;
import io.quanyun.supervision.RectificationAccepted;
import io.quanyun.supervision.RectificationOrdered;

/**
 * Art. 18 and Art. 15 through events: a rectification order suspends at once the operator's grants under the
 * ordering authorizer (not those under other authorizers), its acceptance lifts that order's hold (a grant still
 * held by the authority, an alert or another order stays suspended); a critical alert whose rule says so holds all
 * of the operator's grants. A failed rectification leaves them suspended until the authorizer terminates the
 * agreement, which ends them. The authority lifts an alert's hold by restoring the grant.
 */
@Component
class SupervisionReactions {

    private final AccessManagement access;

    SupervisionReactions(AccessManagement access) {
        this.access = access;
    }

    @ApplicationModuleListener
    void on(RectificationOrdered event) {
        Actors.runAs(Actor.system(), () -> access.holdGrantsOfOperator(event.operatorId(), event.authorizerId(),
                GrantHold.rectification(event.orderId()), "整改通知（第十八条）rectification ordered: " + event.orderId()));
    }

    @ApplicationModuleListener
    void on(RectificationAccepted event) {
        Actors.runAs(Actor.system(), () -> access.releaseGrantsOfOperator(event.operatorId(),
                GrantHold.rectification(event.orderId()), "整改验收通过 rectification accepted: " + event.orderId()));
    }

    @ApplicationModuleListener
    void on(CriticalAlertRaised event) {
        if (event.suspend() && event.operatorId() != null) {
            Actors.runAs(Actor.system(), () -> access.holdGrantsOfOperator(event.operatorId(), null,
                    GrantHold.alert(event.alertId()), "严重预警 critical alert " + event.rule() + ": " + event.alertId()));
        }
    }
}
