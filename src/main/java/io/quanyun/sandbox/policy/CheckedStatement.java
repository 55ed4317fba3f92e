package io.quanyun.sandbox.policy;

import io.quanyun.sandbox.DerivedTablePlan;

/** The outcome of a successful check: a released query or a derived table definition. */
public sealed interface CheckedStatement {

    /** A query whose protected result is released. */
    record Query(ProtectedQuery query) implements CheckedStatement {
    }

    /** A derived table that stays inside the workspace. */
    record DerivedTable(DerivedTablePlan plan) implements CheckedStatement {
    }
}
