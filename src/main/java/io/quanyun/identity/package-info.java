/**
 * Organizations, people, roles, sign-in and API tokens. Every article of the measures acts through an
 * organization (authority, provider, operator, maintainer, expert institution, supervisor, government) and
 * a person in it; this module knows who they are and what they may do, and refuses the maintainer as an
 * operator (Art. 11).
 */
@ApplicationModule(displayName = "Identity", allowedDependencies = {"shared", "audit"})
@NullMarked
package io.quanyun.identity;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
