/**
 * Sandbox: analysts run SQL over granted public data inside the platform and only
 * privacy-protected aggregates come out. The API of this module is {@link io.quanyun.sandbox.SandboxQueries}
 * with its request, result and grant records; the subpackages {@code policy}, {@code engine} and
 * {@code privacy} are internal.
 */
@NullMarked
package io.quanyun.sandbox;

import org.jspecify.annotations.NullMarked;
