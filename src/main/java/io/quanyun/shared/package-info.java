/**
 * The shared kernel: error codes, the acting person ({@link io.quanyun.shared.Actor}), organization types and
 * roles that every module reasons about, and the clock. It depends on no business module.
 */
@ApplicationModule(displayName = "Shared kernel", type = ApplicationModule.Type.OPEN)
@NullMarked
package io.quanyun.shared;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
