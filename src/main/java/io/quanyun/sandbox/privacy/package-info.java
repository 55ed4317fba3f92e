/**
 * Output protection: minimum group size, dominance and secondary suppression in threshold mode;
 * exact discrete Laplace and Gaussian noise and the epsilon budget in differential privacy mode.
 * Internal to the sandbox module.
 */
@NullMarked
package io.quanyun.sandbox.privacy;

import org.jspecify.annotations.NullMarked;
