package io.quanyun.supervision;

import java.util.Set;
import java.util.UUID;

/**
 * A port supervision owns and the modules holding grants and products implement (access, products), so that an
 * incident's containment actions are taken through the platform without supervision depending on them. The
 * implementation acts as the current actor, with that module's own permission checks and audit entries.
 */
public interface Containment {

    /** The actions this implementation carries out. */
    Set<ContainmentKind> kinds();

    /**
     * Takes the action on the target (a grant or product id) with the reason; returns a short description of what
     * was done (for the incident's timeline). Refusals are the owning module's exceptions.
     */
    String contain(ContainmentKind kind, UUID target, String reason);
}
