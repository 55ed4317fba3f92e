/**
 * Analytic engines behind the {@link io.quanyun.sandbox.engine.AnalyticEngine} port. They run only
 * SQL the platform generated, over files the vault made readable, on a fresh locked-down
 * connection. Internal to the sandbox module.
 */
@NullMarked
package io.quanyun.sandbox.engine;

import org.jspecify.annotations.NullMarked;
