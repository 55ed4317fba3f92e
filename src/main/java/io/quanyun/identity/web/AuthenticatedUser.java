package io.quanyun.identity.web;

import java.io.Serial;
import java.io.Serializable;
import java.security.Principal;

import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors.ActorPrincipal;

/** The principal put into the security context after sign-in: it knows its actor. */
record AuthenticatedUser(Actor actor) implements ActorPrincipal, Principal, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public String getName() {
        return actor.username();
    }
}
