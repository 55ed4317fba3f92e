/**
 * The query checker: parses one statement with Calcite, validates it against a schema built from
 * the grant, walks the plan deny-by-default and rewrites the checked plan into engine SQL with the
 * helper columns output protection needs. Internal to the sandbox module.
 */
@NullMarked
package io.quanyun.sandbox.policy;

import org.jspecify.annotations.NullMarked;
