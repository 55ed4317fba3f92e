package io.quanyun.shared;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Reads the current {@link Actor} from the security context. The identity module puts a principal that
 * implements {@link ActorPrincipal} there; outside a request the platform acts as {@link Actor#system()}.
 */
public final class Actors {

    private static final ThreadLocal<Actor> OVERRIDE = new ThreadLocal<>();

    private Actors() {
    }

    public static Actor current() {
        Actor override = OVERRIDE.get();
        if (override != null) {
            return override;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof ActorPrincipal principal) {
            return principal.actor();
        }
        if (authentication != null && authentication.isAuthenticated()
                && !"anonymousUser".equals(authentication.getPrincipal())) {
            return Actor.anonymous(null);
        }
        return authentication == null ? Actor.system() : Actor.anonymous(null);
    }

    /** Runs {@code work} as the given actor (jobs, command line, demo data). */
    public static <T> T runAs(Actor actor, java.util.function.Supplier<T> work) {
        Actor previous = OVERRIDE.get();
        OVERRIDE.set(actor);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                OVERRIDE.remove();
            } else {
                OVERRIDE.set(previous);
            }
        }
    }

    /** A principal that knows its actor. */
    public interface ActorPrincipal {
        Actor actor();
    }
}
