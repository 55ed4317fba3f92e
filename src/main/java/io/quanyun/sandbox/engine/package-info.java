/**
 * Analytic engines behind the {@link io.quanyun.sandbox.engine.AnalyticEngine} port. They run only
 * SQL the platform generated, over files the vault made readable, each query on a connection of its own to a
 * locked-down database (kept per workspace and file set, or fresh). Internal to the sandbox module.
 */
@NullMarked
package io.quanyun.sandbox.engine;

import org.jspecify.annotations.NullMarked;
