/**
 * The web console's shell: layout, language, navigation, the home page per role, and the one place where
 * errors become problem+json documents (API) or readable pages and fragments (console). Refusals that reach
 * it unaudited are written to the audit log here.
 */
@ApplicationModule(displayName = "Console", allowedDependencies = {"shared", "audit", "identity"})
@NullMarked
package io.quanyun.console;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
