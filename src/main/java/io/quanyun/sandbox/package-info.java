/**
 * Sandbox: members of an operator's workspace run SQL over granted public data inside the platform
 * and only privacy-protected aggregates come out. {@link io.quanyun.sandbox.SandboxManagement} is
 * the application facade (workspaces, queries, history, derived tables, exports);
 * {@link io.quanyun.sandbox.SandboxQueries} with its request, result and grant records is the
 * engine-independent core; the subpackages {@code policy}, {@code engine} and {@code privacy} are
 * internal, {@code api} and {@code web} call only the facade.
 */
@ApplicationModule(displayName = "Sandbox",
        allowedDependencies = {"shared", "audit", "identity", "catalog", "catalog::vault", "access", "supervision"})
@NullMarked
package io.quanyun.sandbox;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
